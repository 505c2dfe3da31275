package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/**
 * k-diffusion {@code sample_dpmpp_2m_sde} (midpoint or Heun solver) and {@code sample_dpmpp_3m_sde}, with
 * Brownian noise. Like upstream, a schedule whose first step already reaches sigma 0 is rejected (upstream raises
 * {@code UnboundLocalError}).
 */
final class DpmPpMultistepSdeSampler implements Sampler {
    enum Method { MIDPOINT, HEUN, THIRD_ORDER }

    private final Method method;

    DpmPpMultistepSdeSampler(Method method) {
        this.method = method;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        if (sigmas[1] == 0) {
            throw new IllegalArgumentException("DPM++ " + (method == Method.THIRD_ORDER ? "3M" : "2M")
                    + " SDE needs at least 2 steps to a nonzero sigma (the schedule " + java.util.Arrays.toString(sigmas)
                    + " reaches 0 in its first step; A1111 fails here with UnboundLocalError)");
        }
        SamplerOptions o = ctx.options();
        double eta = o.etaOr(1.0);
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            NDArray denoised1 = null;
            NDArray denoised2 = null;
            double h1 = Double.NaN;
            double h2 = Double.NaN;
            for (int i = 0; i < n; i++) {
                NDArray denoised = run.denoise(denoiser, x, sigmas[i]);
                run.report(i, sigmas[i], x, denoised);
                if (sigmas[i + 1] == 0) {
                    x = denoised;
                } else {
                    double h = Math.log(sigmas[i]) - Math.log(sigmas[i + 1]);
                    x = method == Method.THIRD_ORDER
                            ? step3(x, denoised, denoised1, denoised2, h, h1, h2, eta)
                            : step2(x, denoised, denoised1, h, h1, eta, sigmas[i + 1] / sigmas[i]);
                    if (eta != 0) {
                        double scale = sigmas[i + 1] * Math.sqrt(-Math.expm1(-2 * h * eta)) * o.sNoise();
                        x = x.add(run.noise(sigmas[i], sigmas[i + 1]).mul(scale));
                    }
                    h2 = h1;
                    h1 = h;
                }
                denoised2 = denoised1;
                denoised1 = denoised;
                run.next(x, denoised1, denoised2);
            }
            return run.finish(x);
        }
    }

    private NDArray step2(NDArray x, NDArray denoised, NDArray old, double h, double hLast, double eta, double ratio) {
        double etaH = eta * h;
        double phi = -Math.expm1(-h - etaH);
        NDArray out = x.mul(ratio * Math.exp(-etaH)).add(denoised.mul(phi));
        if (old != null) {
            double r = hLast / h;
            double coeff = method == Method.HEUN ? (phi / (-h - etaH) + 1) * (1 / r) : 0.5 * phi * (1 / r);
            out = out.add(denoised.sub(old).mul(coeff));
        }
        return out;
    }

    private static NDArray step3(NDArray x, NDArray denoised, NDArray d1Prev, NDArray d2Prev, double h, double h1,
            double h2, double eta) {
        double hEta = h * (eta + 1);
        NDArray out = x.mul(Math.exp(-hEta)).add(denoised.mul(-Math.expm1(-hEta)));
        double phi2 = Math.expm1(-hEta) / hEta + 1;
        if (!Double.isNaN(h2)) {
            double r0 = h1 / h;
            double r1 = h2 / h;
            NDArray d10 = denoised.sub(d1Prev).div(r0);
            NDArray d11 = d1Prev.sub(d2Prev).div(r1);
            NDArray d1 = d10.add(d10.sub(d11).mul(r0 / (r0 + r1)));
            NDArray d2 = d10.sub(d11).div(r0 + r1);
            double phi3 = phi2 / hEta - 0.5;
            out = out.add(d1.mul(phi2)).sub(d2.mul(phi3));
        } else if (!Double.isNaN(h1)) {
            double r = h1 / h;
            out = out.add(denoised.sub(d1Prev).div(r).mul(phi2));
        }
        return out;
    }
}
