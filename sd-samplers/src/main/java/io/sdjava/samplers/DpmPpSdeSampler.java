package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/** k-diffusion {@code sample_dpmpp_sde} (r = 1/2): stochastic DPM-Solver++ with Brownian noise. */
final class DpmPpSdeSampler implements Sampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        SamplerOptions o = ctx.options();
        double eta = o.etaOr(1.0);
        double r = 0.5;
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            for (int i = 0; i < n; i++) {
                NDArray denoised = run.denoise(denoiser, x, sigmas[i]);
                run.report(i, sigmas[i], x, denoised);
                if (sigmas[i + 1] == 0) {
                    x = x.add(SamplerMath.toD(x, sigmas[i], denoised).mul(sigmas[i + 1] - sigmas[i]));
                } else {
                    double t = -Math.log(sigmas[i]);
                    double tNext = -Math.log(sigmas[i + 1]);
                    double h = tNext - t;
                    double s = t + h * r;
                    double fac = 1 / (2 * r);
                    double[] step1 = SamplerMath.ancestralStep(Math.exp(-t), Math.exp(-s), eta);
                    double s1 = -Math.log(step1[0]);
                    NDArray x2 = x.mul(Math.exp(-s1) / Math.exp(-t)).sub(denoised.mul(Math.expm1(t - s1)));
                    x2 = x2.add(run.noise(Math.exp(-t), Math.exp(-s)).mul(o.sNoise() * step1[1]));
                    NDArray denoised2 = run.denoise(denoiser, x2, Math.exp(-s));
                    double[] step2 = SamplerMath.ancestralStep(Math.exp(-t), Math.exp(-tNext), eta);
                    double tNext1 = -Math.log(step2[0]);
                    NDArray denoisedD = denoised.mul(1 - fac).add(denoised2.mul(fac));
                    x = x.mul(Math.exp(-tNext1) / Math.exp(-t)).sub(denoisedD.mul(Math.expm1(t - tNext1)));
                    x = x.add(run.noise(Math.exp(-t), Math.exp(-tNext)).mul(o.sNoise() * step2[1]));
                }
                run.next(x);
            }
            return run.finish(x);
        }
    }
}
