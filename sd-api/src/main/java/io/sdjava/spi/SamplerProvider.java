package io.sdjava.spi;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

    /**
     * Creates the Brownian-tree noise of {@link SamplerInfo.Noise#BROWNIAN} samplers as A1111's
     * {@code create_noise_sampler} does: one Brownian path per image over {@code [sigmaMin, sigmaMax]}, seeded with
     * that image's seed, so an image's noise does not depend on the other images of its batch. Its arrays live in a
     * sub-manager of {@code manager} (freed when {@code manager} closes, or earlier by closing the result when it is
     * {@link AutoCloseable}). The default supports nothing; the built-in provider implements it.
     *
     * @param manager the scope of the path's arrays and of the returned noise
     * @param latentShape the batch latent's shape {@code [B, C, h, w]}
     * @param sigmaMin the smallest nonzero sigma of the schedule
     * @param sigmaMax the largest sigma of the schedule
     * @param seeds one seed per image, {@code B} values
     * @return a noise sampler, not thread-safe (one per sampling pass)
     * @throws UnsupportedOperationException if this provider has no Brownian noise
     */
    default NoiseSampler createBrownianNoise(NDManager manager, Shape latentShape, double sigmaMin, double sigmaMax,
            long[] seeds) {
        throw new UnsupportedOperationException(getClass().getName() + " has no Brownian-tree noise");
    }
}
