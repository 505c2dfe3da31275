package io.sdjava.spi;

import java.util.List;
import java.util.Objects;

/**
 * Describes a sampler a {@link SamplerProvider} offers.
 *
 * @param id k-diffusion style id in lower snake case, e.g. {@code "dpmpp_2m"}
 * @param displayName A1111's display name, e.g. {@code "DPM++ 2M"}
 * @param aliases other accepted names, e.g. {@code "k_dpmpp_2m"}
 * @param defaultSchedule id of the schedule "Automatic" means for this sampler, e.g. {@code "karras"}
 */
public record SamplerInfo(String id, String displayName, List<String> aliases, String defaultSchedule) {
    /** Validates and copies. */
    public SamplerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(defaultSchedule, "defaultSchedule");
    }
}
