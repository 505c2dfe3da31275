package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;

/** Shared k-diffusion math: the ODE derivative and the ancestral step split. */
final class SamplerMath {
    private SamplerMath() {}

    /** {@code (x - denoised) / sigma}: the Karras ODE derivative. */
    static NDArray toD(NDArray x, double sigma, NDArray denoised) {
        return x.sub(denoised).div(sigma);
    }

    /** @return {@code {sigmaDown, sigmaUp}} of an ancestral step, as k-diffusion's {@code get_ancestral_step} */
    static double[] ancestralStep(double sigmaFrom, double sigmaTo, double eta) {
        if (eta == 0) {
            return new double[] {sigmaTo, 0.0};
        }
        double up = Math.min(sigmaTo,
                eta * Math.sqrt(sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo) / (sigmaFrom * sigmaFrom)));
        double down = Math.sqrt(sigmaTo * sigmaTo - up * up);
        return new double[] {down, up};
    }

    static void requireSteps(double[] sigmas) {
        if (sigmas.length < 2) {
            throw new IllegalArgumentException("need at least one step (2 sigmas), got " + sigmas.length + " sigmas");
        }
    }
}
