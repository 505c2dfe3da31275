package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.TimestepDenoiser;
import io.sdjava.spi.TimestepSampler;
import java.util.ArrayList;
import java.util.List;

/**
 * A1111's UniPC (Zhao et al. 2023): multistep, data prediction, variants bh1/bh2/vary_coeff, order 1..3, skip
 * types time_uniform/time_quadratic/logSNR; the model is queried at {@code t = (t_cont - 1/N) * 1000}.
 * Text-to-image runs as many steps as A1111's timestep list has ({@code len(range(0, 1000, 1000 // steps))}, one
 * more than requested when the steps do not divide 1000). The order must not exceed the step count (upstream asserts). Image-to-image (A1111 {@code is_img2img}) runs
 * {@code t_enc} steps from {@code t_start = timesteps[t_enc - 1] / 1000 + 1 / 1000} (float32, as upstream).
 */
final class UniPcSampler implements TimestepSampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, "UniPC");
        // A1111 runs len(timesteps) steps: 31 for 30 requested steps, as range(0, 1000, 1000 // 30) has 31 entries.
        int steps = TimestepSampling.timesteps(TimestepSampling.steps(sigmas), model.alphasCumprod().length).length;
        return run(model, input, steps, 1.0, ctx);
    }

    @Override
    public NDArray sampleImageToImage(Denoiser denoiser, NDArray init, NDArray noise, int steps, int tEnc,
            SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, "UniPC");
        double[] ac = model.alphasCumprod();
        int[] ts = TimestepSampling.imageToImageTimesteps(steps, tEnc, ac.length);
        if (tEnc < 1) {
            throw new IllegalArgumentException("UniPC image-to-image needs t_enc >= 1 (A1111 fails on an empty "
                    + "timestep list); raise the denoising strength or the steps");
        }
        double tStart = (float) ts[tEnc - 1] / 1000f + 1f / 1000f;
        try (NDArray xi = TimestepSampling.noised(init, noise, ac[ts[tEnc]])) {
            return run(model, xi, tEnc, tStart, ctx);
        }
    }

    private static NDArray run(TimestepDenoiser model, NDArray input, int steps, double tStart,
            SamplingContext ctx) {
        SamplerOptions o = ctx.options();
        int order = o.uniPcOrder();
        if (steps < order) {
            throw new IllegalArgumentException("UniPC order " + order + " needs at least " + order
                    + " steps, got " + steps + " (A1111 asserts 'UniPC order must be < sampling steps')");
        }
        VpNoiseSchedule ns = new VpNoiseSchedule(model.alphasCumprod());
        double[] ts = timeSteps(ns, o.uniPcSkipType(), tStart, 1.0 / ns.totalN(), steps);
        try (SamplingRun run = new SamplingRun(ctx, steps)) {
            UniPcUpdate update = new UniPcUpdate(ns, o.uniPcVariant(), (x, t) -> dataPrediction(run, model, ns, x, t));
            NDArray x = run.start(input);
            List<NDArray> modelPrev = new ArrayList<>();
            List<Double> tPrev = new ArrayList<>();
            modelPrev.add(dataPrediction(run, model, ns, x, ts[0]));
            tPrev.add(ts[0]);
            int callback = 0;
            for (int initOrder = 1; initOrder < order; initOrder++) {
                NDArray[] r = update.apply(x, modelPrev, tPrev, ts[initOrder], initOrder, true);
                x = r[0];
                run.report(callback++, 0, x, r[1]);
                modelPrev.add(r[1]);
                tPrev.add(ts[initOrder]);
                run.next(survivors(x, modelPrev));
            }
            for (int step = order; step <= steps; step++) {
                int stepOrder = o.uniPcLowerOrderFinal() ? Math.min(order, steps + 1 - step) : order;
                boolean useCorrector = step != steps;
                NDArray[] r = update.apply(x, modelPrev, tPrev, ts[step], stepOrder, useCorrector);
                x = r[0];
                run.report(callback++, 0, x, r[1]);
                for (int i = 0; i < order - 1; i++) {
                    tPrev.set(i, tPrev.get(i + 1));
                    modelPrev.set(i, modelPrev.get(i + 1));
                }
                tPrev.set(order - 1, ts[step]);
                if (step < steps) {
                    modelPrev.set(order - 1, r[1]);
                }
                run.next(survivors(x, modelPrev));
            }
            return run.finish(x);
        }
    }

    private static NDArray[] survivors(NDArray x, List<NDArray> history) {
        NDArray[] out = history.toArray(new NDArray[history.size() + 1]);
        out[history.size()] = x;
        return out;
    }

    private static NDArray dataPrediction(SamplingRun run, TimestepDenoiser model, VpNoiseSchedule ns, NDArray x,
            double t) {
        run.ctx().cancellation().throwIfCancelled();
        double tInput = (t - 1.0 / ns.totalN()) * 1000.0;
        NDArray noise = run.own(model.eps(x, tInput, 1.0).guided());
        return x.sub(noise.mul(ns.std(t))).div(ns.alpha(t));
    }

    static double[] timeSteps(VpNoiseSchedule ns, String skipType, double tT, double t0, int n) {
        switch (skipType) {
            case "logSNR": {
                double[] lambdas = DpmFastSampler.linspace(ns.lambda(tT), ns.lambda(t0), n + 1);
                double[] out = new double[n + 1];
                for (int i = 0; i <= n; i++) {
                    out[i] = ns.inverseLambda(lambdas[i]);
                }
                return out;
            }
            case "time_quadratic": {
                double[] out = DpmFastSampler.linspace(Math.sqrt(tT), Math.sqrt(t0), n + 1);
                for (int i = 0; i <= n; i++) {
                    out[i] = out[i] * out[i];
                }
                return out;
            }
            default:
                return DpmFastSampler.linspace(tT, t0, n + 1);
        }
    }
}
