package io.sdjava.spi;

import ai.djl.ndarray.NDArray;

/**
 * The model as A1111's timestep samplers (DDIM, DDIM CFG++, PLMS, UniPC) see it: a CFG-guided noise prediction
 * on the variance-preserving latent at a (possibly fractional) training timestep.
 */
public interface TimestepDenoiser extends Denoiser {
    /**
     * @param x the VP-scaled latent {@code x_t}
     * @param timestep the training timestep, 0..N-1, possibly fractional (UniPC)
     * @param cfgScaleMultiplier factor applied to the CFG scale (1, or 1/12.5 for DDIM CFG++)
     * @return the guided and the unconditional noise prediction
     */
    EpsPrediction eps(NDArray x, double timestep, double cfgScaleMultiplier);

    /** @return the model's cumulative alpha products, one per training timestep (float32 values, as stored) */
    double[] alphasCumprod();

    /**
     * A CFG noise prediction.
     *
     * @param guided {@code uncond + (cond - uncond) * scale}
     * @param uncond the unconditional prediction
     */
    record EpsPrediction(NDArray guided, NDArray uncond) {}
}
