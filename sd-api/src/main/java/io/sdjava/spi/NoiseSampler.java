package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/** Source of the fresh noise that ancestral and SDE samplers draw between steps. */
public interface NoiseSampler {
    /**
     * @param sigma the noise level of the current step
     * @param sigmaNext the noise level of the next step
     * @return standard normal noise shaped like the latent
     */
    NDArray next(double sigma, double sigmaNext);
}
