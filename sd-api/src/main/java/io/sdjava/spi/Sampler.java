package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/**
 * One sampling algorithm (Euler, DPM++ 2M, ...). Implementations are stateless and thread-safe: all
 * history lives in locals of {@link #sample}.
 */
public interface Sampler {
    /**
     * Runs the sampler over a schedule.
     *
     * @param denoiser the model
     * @param x the starting latent, already scaled to {@code sigmas[0]}
     * @param sigmas the noise levels, descending, normally ending at 0
     * @param ctx scratch scope, noise, options, listener and cancellation
     * @return the final latent, attached to {@code ctx.manager()}
     */
    NDArray sample(Denoiser denoiser, NDArray x, double[] sigmas, SamplingContext ctx);
}
