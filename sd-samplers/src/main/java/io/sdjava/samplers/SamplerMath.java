package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;

/** Shared k-diffusion math: the ODE derivative and the ancestral step split. */
final class SamplerMath {
    private SamplerMath() {}

    /** {@code (x - denoised) / sigma}: the Karras ODE derivative. */
    static NDArray toD(NDArray x, double sigma, NDArray denoised) {
        return x.sub(denoised).div(sigma);
    }

    /**
     * k-diffusion's {@code get_ancestral_step} in float32 arithmetic, as A1111 evaluates it on its float32 sigma
     * tensors: {@code sigma_down} suffers the same cancellation (e.g. a 2-step schedule's last nonzero sigma).
     *
     * @return {@code {sigmaDown, sigmaUp}}
     */
    static double[] ancestralStep(double sigmaFrom, double sigmaTo, double eta) {
        if (eta == 0) {
            return new double[] {sigmaTo, 0.0};
        }
        float from = (float) sigmaFrom;
        float to = (float) sigmaTo;
        float from2 = from * from;
        float to2 = to * to;
        float inner = to2 * (from2 - to2) / from2;
        float up = Math.min(to, (float) eta * (float) Math.sqrt(inner));
        float down = (float) Math.sqrt(to2 - up * up);
        return new double[] {down, up};
    }

    static void requireSteps(double[] sigmas) {
        if (sigmas.length < 2) {
            throw new IllegalArgumentException("need at least one step (2 sigmas), got " + sigmas.length + " sigmas");
        }
    }
}
