package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/**
 * k-diffusion {@code sample_euler}, {@code sample_heun} and {@code sample_dpm_2} (Karras et al. 2022, Algorithm 2
 * with churn). They draw one noise tensor every step, used only when s_churn makes gamma positive.
 */
final class EulerSampler implements Sampler {
    enum Method { EULER, HEUN, DPM2 }

    private final Method method;

    EulerSampler(Method method) {
        this.method = method;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        SamplerOptions o = ctx.options();
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            for (int i = 0; i < n; i++) {
                double sigma = sigmas[i];
                double sigmaNext = sigmas[i + 1];
                double gamma = o.sTmin() <= sigma && sigma <= o.sTmax() ? Math.min(o.sChurn() / n, Math.sqrt(2) - 1) : 0;
                NDArray eps = run.noise(sigma, sigmaNext).mul(o.sNoise());
                double sigmaHat = sigma * (gamma + 1);
                if (gamma > 0) {
                    x = x.add(eps.mul(Math.sqrt(sigmaHat * sigmaHat - sigma * sigma)));
                }
                NDArray denoised = run.denoise(denoiser, x, sigmaHat);
                NDArray d = SamplerMath.toD(x, sigmaHat, denoised);
                run.report(i, sigma, x, denoised);
                double dt = sigmaNext - sigmaHat;
                if (method == Method.EULER || sigmaNext == 0) {
                    x = x.add(d.mul(dt));
                } else if (method == Method.HEUN) {
                    NDArray x2 = x.add(d.mul(dt));
                    NDArray d2 = SamplerMath.toD(x2, sigmaNext, run.denoise(denoiser, x2, sigmaNext));
                    x = x.add(d.add(d2).div(2).mul(dt));
                } else {
                    double sigmaMid = Math.exp(Math.log(sigmaHat) + 0.5 * (Math.log(sigmaNext) - Math.log(sigmaHat)));
                    NDArray x2 = x.add(d.mul(sigmaMid - sigmaHat));
                    NDArray d2 = SamplerMath.toD(x2, sigmaMid, run.denoise(denoiser, x2, sigmaMid));
                    x = x.add(d2.mul(dt));
                }
                run.next(x);
            }
            return run.finish(x);
        }
    }
}
