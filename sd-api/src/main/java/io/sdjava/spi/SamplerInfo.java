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
 * @param kind how the sampler consumes its inputs (sigma schedule, timesteps, model sigma range)
 * @param noise which noise source the caller must put in {@link SamplingContext#noise()}
 * @param discardPenultimateSigma whether A1111 drops the next-to-last sigma for this sampler
 */
public record SamplerInfo(
        String id,
        String displayName,
        List<String> aliases,
        String defaultSchedule,
        Kind kind,
        Noise noise,
        boolean discardPenultimateSigma) {

    /** How a sampler uses the schedule and the initial latent. */
    public enum Kind {
        /** k-diffusion sampler over the sigma schedule; initial latent = unit noise times sigmas[0]. */
        SIGMAS,
        /**
         * A1111 timestep sampler (DDIM, PLMS, UniPC): the denoiser must be a {@link TimestepDenoiser}, only
         * {@code sigmas.length - 1} (the step count) is used and the initial latent is the unit noise itself.
         * Image-to-image runs through {@link TimestepSampler#sampleImageToImage} when the sampler implements it.
         */
        TIMESTEPS,
        /**
         * Integrates over the model's sigma range (DPM fast/adaptive, needs {@link SamplingContext#modelSigmas()});
         * the initial latent is still scaled by the schedule's sigmas[0].
         */
        MODEL_RANGE
    }

    /** The noise source a sampler draws from. */
    public enum Noise {
        /** Draws nothing. */
        NONE,
        /** Draws from the per-image generators (A1111 {@code randn_like}). */
        GENERATOR,
        /**
         * Draws from a Brownian tree over [min nonzero sigma, max sigma] of the schedule, one per image seeded with
         * the image's seed ({@link SamplerRegistry#createBrownianNoise}).
         */
        BROWNIAN
    }

    /**
     * Validates and copies.
     *
     * @param id see {@link #id()}
     * @param displayName see {@link #displayName()}
     * @param aliases see {@link #aliases()}
     * @param defaultSchedule see {@link #defaultSchedule()}
     * @param kind see {@link #kind()}
     * @param noise see {@link #noise()}
     * @param discardPenultimateSigma see {@link #discardPenultimateSigma()}
     */
    public SamplerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(defaultSchedule, "defaultSchedule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(noise, "noise");
    }

    /**
     * A plain k-diffusion sampler that draws generator noise and keeps the penultimate sigma.
     *
     * @param id see {@link #id()}
     * @param displayName see {@link #displayName()}
     * @param aliases see {@link #aliases()}
     * @param defaultSchedule see {@link #defaultSchedule()}
     */
    public SamplerInfo(String id, String displayName, List<String> aliases, String defaultSchedule) {
        this(id, displayName, aliases, defaultSchedule, Kind.SIGMAS, Noise.GENERATOR, false);
    }
}
