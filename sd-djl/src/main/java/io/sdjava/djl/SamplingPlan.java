package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.djl.hires.DenoiseSchedule;
import io.sdjava.djl.hires.ImageToImageSampling;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.ScheduleInfo;
import io.sdjava.spi.TimestepSampler;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A resolved sampler, schedule and sigma list for one sampling pass, as A1111's {@code KDiffusionSampler.get_sigmas}
 * builds them (one extra step and the next-to-last sigma dropped for DPM2-like samplers), and for image-to-image
 * passes the step arithmetic of {@code setup_img2img_steps}: k-diffusion samplers run over the tail
 * {@code sigmas[steps - t_enc - 1:]}, timestep samplers over {@code timesteps[:t_enc]}
 * ({@link TimestepSampler#sampleImageToImage}). Brownian-noise samplers get A1111's per-image seeded Brownian tree
 * over the whole schedule ({@link #noiseSampler}). Immutable.
 *
 * @param sampler the sampler's description
 * @param schedule the schedule's description ("Automatic" already resolved)
 * @param implementation the sampler
 * @param sigmas the pass's whole schedule (for image-to-image, before taking the tail)
 * @param options the sampler options
 * @param imageToImage the image-to-image step arithmetic, or {@code null} for text-to-image
 */
public record SamplingPlan(SamplerInfo sampler, ScheduleInfo schedule, Sampler implementation, double[] sigmas,
        SamplerOptions options, DenoiseSchedule imageToImage) {
    /** A1111's {@code second_order} samplers. */
    private static final Set<String> SECOND_ORDER = Set.of("heun", "dpm_2", "dpm_2_a", "dpmpp_2s_a", "dpmpp_sde",
            "restart");

    /**
     * Copies the sigmas and checks that image-to-image is possible with the sampler.
     *
     * @param sampler see {@link #sampler()}
     * @param schedule see {@link #schedule()}
     * @param implementation see {@link #implementation()}
     * @param sigmas see {@link #sigmas()}
     * @param options see {@link #options()}
     * @param imageToImage see {@link #imageToImage()}
     * @throws InvalidRequestException if the sampler cannot run this image-to-image pass
     */
    public SamplingPlan {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(implementation, "implementation");
        sigmas = sigmas.clone();
        if (imageToImage != null) {
            checkImageToImage(sampler, implementation, options, imageToImage, sigmas);
        }
    }

    /**
     * A text-to-image plan.
     *
     * @param sampler see {@link #sampler()}
     * @param schedule see {@link #schedule()}
     * @param implementation see {@link #implementation()}
     * @param sigmas see {@link #sigmas()}
     * @param options see {@link #options()}
     */
    public SamplingPlan(SamplerInfo sampler, ScheduleInfo schedule, Sampler implementation, double[] sigmas,
            SamplerOptions options) {
        this(sampler, schedule, implementation, sigmas, options, null);
    }

    private static void checkImageToImage(SamplerInfo sampler, Sampler implementation, SamplerOptions options,
            DenoiseSchedule i2i, double[] sigmas) {
        if (sampler.kind() != SamplerInfo.Kind.TIMESTEPS) {
            if (sigmas.length != i2i.totalSteps() + 1) {
                throw new IllegalArgumentException("expected " + (i2i.totalSteps() + 1) + " sigmas, got "
                        + sigmas.length);
            }
            return;
        }
        if (!(implementation instanceof TimestepSampler)) {
            throw new InvalidRequestException("sampler '" + sampler.displayName() + "' does not implement "
                    + "TimestepSampler, so it cannot run image-to-image; use e.g. DDIM, UniPC, Euler a or DPM++ 2M");
        }
        if (sampler.id().equals("unipc") && i2i.tEnc() < options.uniPcOrder()) {
            throw new InvalidRequestException("UniPC image-to-image runs t_enc = " + i2i.tEnc() + " steps here, fewer "
                    + "than its order " + options.uniPcOrder() + "; raise the steps or the denoising strength");
        }
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
     * @throws InvalidRequestException for unknown names
     */
    public static SamplingPlan resolve(SamplerRegistry registry, String samplerName, String schedulerName, int steps,
            ModelSigmas model, SamplerOptions options) {
        SamplerRegistry.Selection selection = registry.resolve(samplerName, schedulerName);
        SamplerInfo info = selection.sampler();
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
     * A1111's image-to-image schedule: {@code t_enc = int(min(strength, 0.999) * steps)}; k-diffusion samplers run
     * over the sigmas {@code [steps - t_enc - 1:]} ({@code t_enc + 1} steps), timestep samplers over
     * {@code timesteps[:t_enc]}.
     *
     * @param denoisingStrength the request's denoising strength
     * @param steps the request's steps
     * @return this plan as an image-to-image pass
     * @throws InvalidRequestException if the sampler cannot run image-to-image with these settings
     */
    public SamplingPlan forImageToImage(double denoisingStrength, int steps) {
        return withImageToImage(new DenoiseSchedule(steps, (int) (Math.min(denoisingStrength, 0.999) * steps)));
    }

    /**
     * @param i2i the step arithmetic (its total steps must be the steps this plan was resolved for)
     * @return this plan as an image-to-image pass
     * @throws InvalidRequestException if the sampler cannot run image-to-image with these settings
     */
    public SamplingPlan withImageToImage(DenoiseSchedule i2i) {
        return new SamplingPlan(sampler, schedule, implementation, sigmas, options, Objects.requireNonNull(i2i));
    }

    /**
     * @return the sigmas a k-diffusion sampler runs over: the whole schedule, or its image-to-image tail (timestep
     *     samplers use only the length of the whole schedule)
     */
    public double[] passSigmas() {
        if (imageToImage == null || sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            return sigmas.clone();
        }
        return imageToImage.tail(sigmas);
    }

    /**
     * Runs the pass (stage 5): text-to-image from {@code noise * sigmas[0]} (unit noise for timestep samplers),
     * image-to-image from {@code init} noised to the pass's start (A1111's {@code sample_img2img}).
     *
     * @param denoiser the CFG denoiser (a timestep denoiser for timestep samplers)
     * @param init the clean initial latent for image-to-image, ignored (may be null) for text-to-image
     * @param noise the images' unit initial noise {@code [B, 4, h, w]}
     * @param ctx the sampling context
     * @return the sampled latent on {@code ctx.manager()}
     */
    public NDArray sample(Denoiser denoiser, NDArray init, NDArray noise, SamplingContext ctx) {
        if (imageToImage == null) {
            NDArray x = noise.mul((float) initialNoiseScale());
            return implementation.sample(denoiser, x, sigmas, ctx);
        }
        if (sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            return ((TimestepSampler) implementation).sampleImageToImage(denoiser, init, noise, steps(),
                    imageToImage.tEnc(), ctx);
        }
        return ImageToImageSampling.sample(implementation, denoiser, init, noise, passSigmas(), ctx);
    }

    /**
     * The noise the sampler draws between steps: for {@link SamplerInfo.Noise#BROWNIAN} samplers A1111's
     * {@code create_noise_sampler} (a Brownian tree per image seeded with the image's seed, over the whole
     * schedule's sigma range), else the images' generators.
     *
     * @param registry the registry that creates the Brownian noise
     * @param noise the batch's generators
     * @param scope the batch scope
     * @param latentShape the batch latent's shape {@code [B, 4, h, w]}
     * @param seeds the images' seeds
     * @return the context's noise sampler
     */
    public NoiseSampler noiseSampler(SamplerRegistry registry, BatchNoise noise, NDManager scope, Shape latentShape,
            long[] seeds) {
        if (sampler.noise() == SamplerInfo.Noise.BROWNIAN) {
            return registry.createBrownianNoise(sampler, scope, latentShape, sigmas, seeds);
        }
        return noise.sampler(scope);
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

    /** @return the number of steps of the whole schedule ({@code sigmas().length - 1}) */
    public int steps() {
        return sigmas.length - 1;
    }
}
