package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplingContext;

/**
 * A1111's {@code KDiffusionSampler.sample_img2img} for k-diffusion samplers, shared by img2img and the Hires. fix
 * second pass: {@code x = init + noise * sigmas[0]} (no extra noise: "Extra noise multiplier" 0), then the sampler
 * over the tail of the schedule (see {@link DenoiseSchedule#tail}). Ancestral samplers continue the image's
 * generator through {@code ctx.noise()}: for Hires. fix that is a new generator per image seeded with the image's
 * seed at the hires latent shape, whose first draw is {@code noise}. Stateless.
 */
public final class ImageToImageSampling {
    private ImageToImageSampling() {}

    /**
     * @param sampler the sampler
     * @param denoiser the CFG denoiser (for Hires. fix: conditioned on the hires prompts)
     * @param init the initial latent {@code [B, 4, h, w]} (encoded image, or the upscaled and cropped latent)
     * @param noise the first draw of the images' generators, same shape
     * @param sigmas the sigmas to run over, {@link DenoiseSchedule#tail} of the full schedule
     * @param ctx the sampling context (its noise continues the generators that drew {@code noise})
     * @return the sampled latent on {@code ctx.manager()} (the starting latent is left there too)
     */
    public static NDArray sample(Sampler sampler, Denoiser denoiser, NDArray init, NDArray noise, double[] sigmas,
            SamplingContext ctx) {
        NDArray x = startingLatent(init, noise, sigmas[0]);
        x.attach(ctx.manager());
        return sampler.sample(denoiser, x, sigmas, ctx);
    }

    /**
     * @param init the initial latent
     * @param noise unit noise, same shape
     * @param sigma the first sigma of the pass
     * @return {@code init + noise * sigma} on {@code init}'s manager
     */
    public static NDArray startingLatent(NDArray init, NDArray noise, double sigma) {
        try (NDArray scaled = noise.mul((float) sigma)) {
            return init.add(scaled);
        }
    }
}
