package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.samplers.schedule.KarrasSchedule;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A1111's Restart sampler (Xu et al. 2023) with its automatic restart list: for 20+ steps the schedule is
 * replaced by a Karras schedule and Heun restart segments from sigma ~2 to ~0.1 are inserted, each re-noised
 * with generator noise.
 */
final class RestartSampler implements Sampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] original, SamplingContext ctx) {
        SamplerMath.requireSteps(original);
        List<double[]> steps = stepList(original);
        try (SamplingRun run = new SamplingRun(ctx, steps.size())) {
            NDArray x = run.start(input);
            double lastSigma = Double.NaN;
            int stepId = 0;
            for (double[] pair : steps) {
                double oldSigma = pair[0];
                double newSigma = pair[1];
                if (!Double.isNaN(lastSigma) && lastSigma < oldSigma) {
                    x = x.add(run.noise(oldSigma, newSigma).mul(Math.sqrt(oldSigma * oldSigma - lastSigma * lastSigma)));
                }
                NDArray denoised = run.denoise(denoiser, x, oldSigma);
                NDArray d = SamplerMath.toD(x, oldSigma, denoised);
                run.report(stepId++, oldSigma, x, denoised);
                double dt = newSigma - oldSigma;
                if (newSigma == 0) {
                    x = x.add(d.mul(dt));
                } else {
                    NDArray x2 = x.add(d.mul(dt));
                    NDArray d2 = SamplerMath.toD(x2, newSigma, run.denoise(denoiser, x2, newSigma));
                    x = x.add(d.add(d2).div(2).mul(dt));
                }
                lastSigma = newSigma;
                run.next(x);
            }
            return run.finish(x);
        }
    }

    static List<double[]> stepList(double[] original) {
        double[] sigmas = original;
        int steps = sigmas.length - 1;
        int restartSteps = 0;
        int restartTimes = 0;
        int restartIndex = -1;
        if (steps >= 20) {
            restartSteps = 9;
            restartTimes = 1;
            if (steps >= 36) {
                restartSteps = steps / 4;
                restartTimes = 2;
            }
            sigmas = KarrasSchedule.karras(steps - restartSteps * restartTimes, sigmas[sigmas.length - 2], sigmas[0], 7.0);
            restartIndex = nearest(sigmas, 0.1);
        }
        List<double[]> list = new ArrayList<>();
        for (int i = 0; i < sigmas.length - 1; i++) {
            list.add(new double[] {sigmas[i], sigmas[i + 1]});
            if (i + 1 == restartIndex) {
                int minIdx = i + 1;
                int maxIdx = nearest(sigmas, 2);
                if (maxIdx < minIdx) {
                    double[] k = KarrasSchedule.karras(restartSteps + 1, sigmas[minIdx], sigmas[maxIdx], 7.0);
                    double[] restart = Arrays.copyOf(k, k.length - 1);
                    for (int r = 0; r < restartTimes; r++) {
                        for (int j = 0; j < restart.length - 1; j++) {
                            list.add(new double[] {restart[j], restart[j + 1]});
                        }
                    }
                }
            }
        }
        return list;
    }

    private static int nearest(double[] sigmas, double value) {
        int best = 0;
        for (int i = 1; i < sigmas.length; i++) {
            if (Math.abs(sigmas[i] - value) < Math.abs(sigmas[best] - value)) {
                best = i;
            }
        }
        return best;
    }
}
