package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.TimestepDenoiser;
import io.sdjava.spi.TimestepSampler;
import java.util.ArrayList;
import java.util.List;

/**
 * A1111's PLMS (pseudo linear multistep): improved Euler first, then Adams-Bashforth of order 2..4 in eps.
 * Image-to-image runs over the first {@code t_enc} timesteps, as A1111.
 */
final class PlmsSampler implements TimestepSampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, "PLMS");
        int[] ts = TimestepSampling.timesteps(TimestepSampling.steps(sigmas), model.alphasCumprod().length);
        return run(model, input, ts, ctx);
    }

    @Override
    public NDArray sampleImageToImage(Denoiser denoiser, NDArray init, NDArray noise, int steps, int tEnc,
            SamplingContext ctx) {
        TimestepDenoiser model = TimestepSampling.require(denoiser, "PLMS");
        double[] ac = model.alphasCumprod();
        int[] ts = TimestepSampling.imageToImageTimesteps(steps, tEnc, ac.length);
        try (NDArray xi = TimestepSampling.noised(init, noise, ac[ts[tEnc]])) {
            return run(model, xi, TimestepSampling.head(ts, tEnc), ctx);
        }
    }

    private static NDArray run(TimestepDenoiser model, NDArray input, int[] ts, SamplingContext ctx) {
        double[] ac = model.alphasCumprod();
        try (SamplingRun run = new SamplingRun(ctx, Math.max(ts.length - 1, 0))) {
            NDArray x = run.start(input);
            List<NDArray> oldEps = new ArrayList<>();
            for (int i = 0; i < ts.length - 1; i++) {
                int index = ts.length - 1 - i;
                int tNext = ts[Math.max(index - 1, 0)];
                NDArray eT = eps(run, model, x, ts[index]);
                NDArray ePrime;
                int k = oldEps.size();
                if (k == 0) {
                    NDArray xPrev = step(x, eT, ac, ts, index)[0];
                    NDArray eNext = eps(run, model, xPrev, tNext);
                    ePrime = eT.add(eNext).div(2);
                } else if (k == 1) {
                    ePrime = eT.mul(3).sub(oldEps.get(k - 1)).div(2);
                } else if (k == 2) {
                    ePrime = eT.mul(23).sub(oldEps.get(k - 1).mul(16)).add(oldEps.get(k - 2).mul(5)).div(12);
                } else {
                    ePrime = eT.mul(55).sub(oldEps.get(k - 1).mul(59)).add(oldEps.get(k - 2).mul(37))
                            .sub(oldEps.get(k - 3).mul(9)).div(24);
                }
                NDArray[] out = step(x, ePrime, ac, ts, index);
                oldEps.add(eT);
                if (oldEps.size() >= 4) {
                    oldEps.remove(0);
                }
                x = out[0];
                run.report(i, 0, x, out[1]);
                NDArray[] survivors = oldEps.toArray(new NDArray[oldEps.size() + 1]);
                survivors[oldEps.size()] = x;
                run.next(survivors);
            }
            return run.finish(x);
        }
    }

    private static NDArray eps(SamplingRun run, TimestepDenoiser model, NDArray x, int t) {
        run.ctx().cancellation().throwIfCancelled();
        return run.own(model.eps(x, t, 1.0).guided());
    }

    private static NDArray[] step(NDArray x, NDArray e, double[] ac, int[] ts, int index) {
        double aT = ac[ts[index]];
        double aPrev = ac[ts[index - 1]];
        NDArray predX0 = x.sub(e.mul(Math.sqrt(1 - aT))).div(Math.sqrt(aT));
        NDArray xPrev = predX0.mul(Math.sqrt(aPrev)).add(e.mul(Math.sqrt(1 - aPrev)));
        return new NDArray[] {xPrev, predX0};
    }
}
