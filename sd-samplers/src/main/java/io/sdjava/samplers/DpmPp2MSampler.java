package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplingContext;

/** k-diffusion {@code sample_dpmpp_2m}: DPM-Solver++(2M), deterministic. */
final class DpmPp2MSampler implements Sampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            NDArray oldDenoised = null;
            for (int i = 0; i < n; i++) {
                NDArray denoised = run.denoise(denoiser, x, sigmas[i]);
                run.report(i, sigmas[i], x, denoised);
                double t = -Math.log(sigmas[i]);
                double tNext = -Math.log(sigmas[i + 1]);
                double h = tNext - t;
                double ratio = sigmas[i + 1] / sigmas[i];
                if (oldDenoised == null || sigmas[i + 1] == 0) {
                    x = x.mul(ratio).sub(denoised.mul(Math.expm1(-h)));
                } else {
                    double hLast = t - (-Math.log(sigmas[i - 1]));
                    double r = hLast / h;
                    NDArray denoisedD = denoised.mul(1 + 1 / (2 * r)).sub(oldDenoised.mul(1 / (2 * r)));
                    x = x.mul(ratio).sub(denoisedD.mul(Math.expm1(-h)));
                }
                oldDenoised = denoised;
                run.next(x, oldDenoised);
            }
            return run.finish(x);
        }
    }
}
