package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/**
 * Per-step hook with the tensors (k-diffusion's {@code callback}): live previews and tests. The arrays are only
 * valid during the call; copy what you keep.
 */
@FunctionalInterface
public interface StepCallback {
    /**
     * @param step the 0-based step index
     * @param sigma the noise level of the step (0 for timestep samplers)
     * @param x the latent the sampler reports (k-diffusion: at the start of the step; DDIM/PLMS/UniPC: after it)
     * @param denoised the denoised preview of the step
     */
    void onStep(int step, double sigma, NDArray x, NDArray denoised);
}
