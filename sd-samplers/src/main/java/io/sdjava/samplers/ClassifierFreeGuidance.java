package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;

/**
 * Classifier-free guidance in A1111's order of operations: {@code d = clone(uncond); d += (cond - uncond) * scale}.
 */
public final class ClassifierFreeGuidance {
    private ClassifierFreeGuidance() {}

    /**
     * @param cond the conditional output
     * @param uncond the unconditional output
     * @param scale the CFG scale (times the prompt weight, 1 without AND)
     * @return {@code uncond + (cond - uncond) * scale}, on {@code uncond}'s manager
     */
    public static NDArray combine(NDArray cond, NDArray uncond, double scale) {
        return uncond.add(cond.sub(uncond).mul(scale));
    }

    /**
     * @param cond the conditional denoiser
     * @param uncond the unconditional denoiser
     * @param scale the CFG scale
     * @return a denoiser combining both with {@link #combine}
     */
    public static Denoiser denoiser(Denoiser cond, Denoiser uncond, double scale) {
        return (x, sigma) -> {
            NDArray c = cond.denoise(x, sigma);
            NDArray u = uncond.denoise(x, sigma);
            return combine(c, u, scale);
        };
    }
}
