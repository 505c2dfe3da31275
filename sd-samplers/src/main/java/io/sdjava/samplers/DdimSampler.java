package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.TimestepDenoiser;
import io.sdjava.spi.TimestepSampler;

/**
 * A1111's DDIM and DDIM CFG++ (Chung et al. 2024: CFG scale / 12.5, unconditional eps for the direction).
 * Uses only {@code sigmas.length - 1} as the step count; draws one noise tensor per step even at eta 0.
 * Eta defaults to 0. Image-to-image runs over the first {@code t_enc} timesteps ({@code t_enc - 1} steps, as A1111).
 */
final class DdimSampler implements TimestepSampler {
    private final boolean cfgPlusPlus;

    DdimSampler(boolean cfgPlusPlus) {
        this.cfgPlusPlus = cfgPlusPlus;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, name());
        int[] ts = TimestepSampling.timesteps(TimestepSampling.steps(sigmas), model.alphasCumprod().length);
        return run(model, input, ts, ctx);
    }

    @Override
    public NDArray sampleImageToImage(Denoiser denoiser, NDArray init, NDArray noise, int steps, int tEnc,
            SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, name());
        double[] ac = model.alphasCumprod();
        int[] ts = TimestepSampling.imageToImageTimesteps(steps, tEnc, ac.length);
        try (NDArray xi = TimestepSampling.noised(init, noise, ac[ts[tEnc]])) {
            return run(model, xi, TimestepSampling.head(ts, tEnc), ctx);
        }
    }

    private String name() {
        return cfgPlusPlus ? "DDIM CFG++" : "DDIM";
    }

    private NDArray run(TimestepDenoiser model, NDArray input, int[] ts, SamplingContext ctx) {
        double[] ac = model.alphasCumprod();
        double eta = ctx.options().etaOr(0.0);
        double multiplier = cfgPlusPlus ? 1 / 12.5 : 1.0;
        try (SamplingRun run = new SamplingRun(ctx, Math.max(ts.length - 1, 0))) {
            NDArray x = run.start(input);
            for (int i = 0; i < ts.length - 1; i++) {
                int index = ts.length - 1 - i;
                ctx.cancellation().throwIfCancelled();
                TimestepDenoiser.EpsPrediction p = model.eps(x, ts[index], multiplier);
                NDArray eT = run.own(p.guided());
                NDArray dirEps = cfgPlusPlus ? run.own(p.uncond()) : eT;
                double aT = (float) ac[ts[index]];
                double aPrev = ac[ts[index - 1]];
                double sigmaT = eta * Math.sqrt((1 - aPrev) / (1 - aT) * (1 - aT / aPrev));
                NDArray predX0 = x.sub(eT.mul(Math.sqrt(1 - aT))).div(Math.sqrt(aT));
                NDArray dirXt = dirEps.mul(Math.sqrt(1 - aPrev - sigmaT * sigmaT));
                NDArray noise = run.noise(0, 0).mul(sigmaT);
                x = predX0.mul(Math.sqrt(aPrev)).add(dirXt).add(noise);
                run.report(i, 0, x, predX0);
                run.next(x);
            }
            return run.finish(x);
        }
    }
}
