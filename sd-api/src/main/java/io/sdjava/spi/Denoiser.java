package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/**
 * k-diffusion's {@code model(x, sigma)}: returns the denoised estimate of {@code x} at noise level
 * {@code sigma}. CFG, conditioning and extra arguments are captured by the implementation.
 */
@FunctionalInterface
public interface Denoiser {
    /**
     * @param x the noisy latent
     * @param sigma the noise level of {@code x}
     * @return the denoised latent, same shape as {@code x}
     */
    NDArray denoise(NDArray x, double sigma);
}
