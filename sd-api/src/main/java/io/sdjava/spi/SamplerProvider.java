package io.sdjava.spi;

import java.util.List;

/** ServiceLoader seam for samplers: lets a library or user add samplers. */
public interface SamplerProvider {
    /** @return the samplers this provider offers */
    List<SamplerInfo> samplers();

    /**
     * @param id one of the ids of {@link #samplers()}
     * @return a (stateless, thread-safe) sampler
     * @throws IllegalArgumentException if the id is not offered here
     */
    Sampler create(String id);
}
