package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/**
 * k-diffusion {@code sample_dpm_fast}: DPM-Solver with fixed steps grouped into order-3 steps over the MODEL's
 * sigma range; {@code sigmas.length - 1} is the number of evaluations. Eta defaults to 1 as in A1111.
 */
final class DpmFastSampler implements Sampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        SamplerOptions o = ctx.options();
        double eta = o.etaOr(1.0);
        int nfe = sigmas.length - 1;
        double[] range = modelRange(sigmas, ctx.modelSigmas());
        double tStart = DpmSolver.t(range[1]);
        double tEnd = DpmSolver.t(range[0]);
        int m = nfe / 3 + 1;
        int[] orders = new int[m];
        if (nfe % 3 == 0) {
            java.util.Arrays.fill(orders, 3);
            orders[m - 2] = 2;
            orders[m - 1] = 1;
        } else {
            java.util.Arrays.fill(orders, 3);
            orders[m - 1] = nfe % 3;
        }
        double[] ts = linspace(tStart, tEnd, m + 1);
        try (SamplingRun run = new SamplingRun(ctx, orders.length)) {
            NDArray x = run.start(input);
            for (int i = 0; i < orders.length; i++) {
                double t = ts[i];
                double tNext = ts[i + 1];
                double tNext1 = tNext;
                double su = 0;
                if (eta != 0) {
                    double[] step = SamplerMath.ancestralStep(DpmSolver.sigma(t), DpmSolver.sigma(tNext), eta);
                    tNext1 = Math.min(tEnd, DpmSolver.t(step[0]));
                    su = Math.sqrt(Math.pow(DpmSolver.sigma(tNext), 2) - Math.pow(DpmSolver.sigma(tNext1), 2));
                }
                DpmSolver solver = new DpmSolver(denoiser, run);
                NDArray eps = solver.eps(x, t);
                run.report(i, DpmSolver.sigma(t), x, x.sub(eps.mul(DpmSolver.sigma(t))));
                x = switch (orders[i]) {
                    case 1 -> solver.step1(x, t, tNext1);
                    case 2 -> solver.step2(x, t, tNext1, 0.5);
                    default -> solver.step3(x, t, tNext1);
                };
                x = x.add(run.noise(DpmSolver.sigma(t), DpmSolver.sigma(tNext)).mul(su * o.sNoise()));
                run.next(x);
            }
            return run.finish(x);
        }
    }

    static double[] modelRange(double[] sigmas, ModelSigmas model) {
        if (model != null) {
            return new double[] {model.sigmaMin(), model.sigmaMax()};
        }
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double s : sigmas) {
            if (s > 0) {
                min = Math.min(min, s);
            }
            max = Math.max(max, s);
        }
        return new double[] {min, max};
    }

    static double[] linspace(double start, double end, int n) {
        double[] out = new double[n];
        double step = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = i < n / 2 ? start + step * i : end - step * (n - 1 - i);
        }
        return out;
    }
}
