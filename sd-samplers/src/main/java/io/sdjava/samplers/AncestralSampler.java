package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/**
 * k-diffusion's ancestral samplers: {@code sample_euler_ancestral} (Euler a), {@code sample_dpm_2_ancestral}
 * (DPM2 a) and {@code sample_dpmpp_2s_ancestral} (DPM++ 2S a). Eta defaults to 1.
 */
final class AncestralSampler implements Sampler {
    enum Method { EULER, DPM2, DPMPP_2S }

    private final Method method;

    AncestralSampler(Method method) {
        this.method = method;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        SamplerOptions o = ctx.options();
        double eta = o.etaOr(1.0);
        // A1111 does not pass s_noise to Euler a
        double sNoise = method == Method.EULER ? 1.0 : o.sNoise();
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            for (int i = 0; i < n; i++) {
                double sigma = sigmas[i];
                double sigmaNext = sigmas[i + 1];
                NDArray denoised = run.denoise(denoiser, x, sigma);
                double[] step = SamplerMath.ancestralStep(sigma, sigmaNext, eta);
                double down = step[0];
                double up = step[1];
                run.report(i, sigma, x, denoised);
                boolean addNoise = sigmaNext > 0;
                if (method == Method.EULER || down == 0) {
                    x = x.add(SamplerMath.toD(x, sigma, denoised).mul(down - sigma));
                    addNoise &= method != Method.DPM2;
                } else if (method == Method.DPM2) {
                    NDArray d = SamplerMath.toD(x, sigma, denoised);
                    double sigmaMid = Math.exp(Math.log(sigma) + 0.5 * (Math.log(down) - Math.log(sigma)));
                    NDArray x2 = x.add(d.mul(sigmaMid - sigma));
                    NDArray d2 = SamplerMath.toD(x2, sigmaMid, run.denoise(denoiser, x2, sigmaMid));
                    x = x.add(d2.mul(down - sigma));
                    addNoise = true;
                } else {
                    double t = -Math.log(sigma);
                    double tNext = -Math.log(down);
                    double h = tNext - t;
                    double s = t + 0.5 * h;
                    NDArray x2 = x.mul(Math.exp(-s) / Math.exp(-t)).sub(denoised.mul(Math.expm1(-h * 0.5)));
                    NDArray denoised2 = run.denoise(denoiser, x2, Math.exp(-s));
                    x = x.mul(Math.exp(-tNext) / Math.exp(-t)).sub(denoised2.mul(Math.expm1(-h)));
                }
                if (addNoise) {
                    x = x.add(run.noise(sigma, sigmaNext).mul(sNoise * up));
                }
                run.next(x);
            }
            return run.finish(x);
        }
    }
}
