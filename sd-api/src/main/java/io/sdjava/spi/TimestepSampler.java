package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/**
 * A {@link SamplerInfo.Kind#TIMESTEPS} sampler (DDIM, DDIM CFG++, PLMS, UniPC) that can also run A1111's
 * image-to-image pass ({@code CompVisSampler.sample_img2img}): the timesteps are built for {@code steps}, the
 * initial latent is noised to timestep {@code timesteps[tEnc]} as {@code init * sqrt(a_t) + noise * sqrt(1 - a_t)},
 * and the sampler runs over {@code timesteps[:tEnc]}. Stateless and thread-safe like every {@link Sampler}.
 */
public interface TimestepSampler extends Sampler {
    /**
     * Runs the image-to-image pass.
     *
     * @param denoiser the model, a {@link TimestepDenoiser}
     * @param init the clean initial latent {@code [B, C, h, w]} (encoded image, or the upscaled first pass)
     * @param noise unit noise shaped like {@code init}
     * @param steps the step count the timesteps are built for (A1111's {@code setup_img2img_steps} result, plus one
     *     when the penultimate sigma is discarded)
     * @param tEnc A1111's {@code t_enc}: the pass starts at {@code timesteps[tEnc]}, {@code 0 <= tEnc < steps}
     * @param ctx scratch scope, noise, options, listener and cancellation
     * @return the final latent, attached to {@code ctx.manager()}
     * @throws IllegalArgumentException if {@code tEnc} is out of range or the sampler cannot run that few steps
     */
    NDArray sampleImageToImage(Denoiser denoiser, NDArray init, NDArray noise, int steps, int tEnc,
            SamplingContext ctx);
}
