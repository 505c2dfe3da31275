package io.sdjava.djl;

import io.sdjava.InvalidRequestException;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.ScheduleInfo;
import java.util.Arrays;
import java.util.Objects;

/**
 * A resolved sampler, schedule and sigma list for one sampling pass, as A1111's {@code KDiffusionSampler.get_sigmas}
 * builds them (one extra step and the next-to-last sigma dropped for DPM2-like samplers), plus the image-to-image
 * tail ({@code sigmas[steps - t_enc - 1:]}). Immutable.
 *
 * @param sampler the sampler's description
 * @param schedule the schedule's description ("Automatic" already resolved)
 * @param implementation the sampler
 * @param sigmas the sigmas handed to the sampler
 * @param options the sampler options
 */
public record SamplingPlan(SamplerInfo sampler, ScheduleInfo schedule, Sampler implementation, double[] sigmas,
        SamplerOptions options) {
    /** A1111's {@code second_order} samplers. */
    private static final java.util.Set<String> SECOND_ORDER = java.util.Set.of("heun", "dpm_2", "dpm_2_a",
            "dpmpp_2s_a", "dpmpp_sde", "restart");

    /**
     * Copies the sigmas.
     *
     * @param sampler see {@link #sampler()}
     * @param schedule see {@link #schedule()}
     * @param implementation see {@link #implementation()}
     * @param sigmas see {@link #sigmas()}
     * @param options see {@link #options()}
     */
    public SamplingPlan {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(implementation, "implementation");
        sigmas = sigmas.clone();
    }

    @Override
    public double[] sigmas() {
        return sigmas.clone();
    }

    /**
     * Resolves a text-to-image pass.
     *
     * @param registry the samplers and schedules
     * @param samplerName the request's sampler name
     * @param schedulerName the request's scheduler name
     * @param steps the step count
     * @param model the model's sigmas
     * @param options the sampler options
     * @return the plan
     * @throws InvalidRequestException for unknown names or samplers this pipeline cannot drive
     */
    public static SamplingPlan resolve(SamplerRegistry registry, String samplerName, String schedulerName, int steps,
            ModelSigmas model, SamplerOptions options) {
        SamplerRegistry.Selection selection = registry.resolve(samplerName, schedulerName);
        SamplerInfo info = selection.sampler();
        if (info.noise() == SamplerInfo.Noise.BROWNIAN) {
            throw new InvalidRequestException("sampler '" + info.displayName() + "' (Brownian-tree noise) is not "
                    + "supported by the pipeline yet; use e.g. Euler a, Euler, DPM++ 2M, DPM++ 2S a, DDIM, UniPC");
        }
        boolean discard = info.discardPenultimateSigma() || options.discardPenultimateSigma();
        int n = discard ? steps + 1 : steps;
        double[] sigmas;
        if (info.kind() == SamplerInfo.Kind.TIMESTEPS) {
            sigmas = model.uniformSigmas(n);
        } else {
            sigmas = registry.createSchedule(selection.schedule()).sigmas(n, model, options);
            if (discard) {
                double last = sigmas[sigmas.length - 1];
                sigmas = Arrays.copyOf(sigmas, sigmas.length - 1);
                sigmas[sigmas.length - 1] = last;
            }
        }
        return new SamplingPlan(info, selection.schedule(), registry.createSampler(info), sigmas, options);
    }

    /**
     * A1111's image-to-image schedule: {@code t_enc = int(min(strength, 0.999) * steps)} and the sigmas
     * {@code [steps - t_enc - 1:]}, i.e. {@code t_enc + 1} steps.
     *
     * @param denoisingStrength the request's denoising strength
     * @param steps the request's steps
     * @return the plan over the tail of this plan's sigmas
     * @throws InvalidRequestException for timestep samplers (not supported for image-to-image yet)
     */
    public SamplingPlan forImageToImage(double denoisingStrength, int steps) {
        if (sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            throw new InvalidRequestException("sampler '" + sampler.displayName() + "' is not supported for "
                    + "image-to-image yet; use a k-diffusion sampler such as Euler a or DPM++ 2M");
        }
        int tEnc = (int) (Math.min(denoisingStrength, 0.999) * steps);
        int start = sigmas.length - 1 - tEnc - 1;
        return new SamplingPlan(sampler, schedule, implementation, Arrays.copyOfRange(sigmas, Math.max(start, 0),
                sigmas.length), options);
    }

    /** @return what the unit initial noise is multiplied by: sigmas[0], or 1 for timestep samplers */
    public double initialNoiseScale() {
        if (sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            return 1.0;
        }
        return options.sgmNoiseMultiplier() ? Math.sqrt(1.0 + sigmas[0] * sigmas[0]) : sigmas[0];
    }

    /**
     * A1111's {@code SamplerData.total_steps}: prompt-editing schedules count denoiser calls, twice the steps for
     * second-order samplers.
     *
     * @param requestSteps the request's steps
     * @return the steps the prompt schedules run over
     */
    public int scheduleSteps(int requestSteps) {
        return SECOND_ORDER.contains(sampler.id()) ? 2 * requestSteps : requestSteps;
    }

    /** @return the number of sampler steps */
    public int steps() {
        return sigmas.length - 1;
    }
}
