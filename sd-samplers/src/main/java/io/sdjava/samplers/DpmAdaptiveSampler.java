package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;

/**
 * k-diffusion {@code sample_dpm_adaptive} (order 3, rtol 0.05, atol 0.0078, h_init 0.05, PID with icoeff 1,
 * accept safety 0.81) over the MODEL's sigma range; ignores the schedule and the step count. Eta defaults to 1.
 * The number of steps is data dependent, so progress events report {@code totalSteps} 0 (unknown).
 */
final class DpmAdaptiveSampler implements Sampler {
    private static final double RTOL = 0.05;
    private static final double ATOL = 0.0078;
    private static final double H_INIT = 0.05;
    private static final double ACCEPT_SAFETY = 0.81;
    private static final int MAX_ITERATIONS = 10_000;

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        SamplerOptions o = ctx.options();
        double eta = o.etaOr(1.0);
        double[] range = DpmFastSampler.modelRange(sigmas, ctx.modelSigmas());
        double tStart = DpmSolver.t(range[1]);
        double tEnd = DpmSolver.t(range[0]);
        // PID controller with pcoeff 0, icoeff 1, dcoeff 0: factor = errs[0]^(1/order)
        double order = eta != 0 ? 1.5 : 3;
        double h = H_INIT;
        double numelSqrt = Math.sqrt(input.size());
        try (SamplingRun run = new SamplingRun(ctx, 0)) {
            NDArray x = run.start(input);
            NDArray xPrev = x;
            double s = tStart;
            int steps = 0;
            while (s < tEnd - 1e-5) {
                if (++steps > MAX_ITERATIONS) {
                    throw new IllegalStateException("DPM adaptive did not converge in " + MAX_ITERATIONS + " steps");
                }
                double t = Math.min(tEnd, s + h);
                double t1 = t;
                double su = 0;
                if (eta != 0) {
                    double[] step = SamplerMath.ancestralStep(DpmSolver.sigma(s), DpmSolver.sigma(t), eta);
                    t1 = Math.min(tEnd, DpmSolver.t(step[0]));
                    su = Math.sqrt(Math.pow(DpmSolver.sigma(t), 2) - Math.pow(DpmSolver.sigma(t1), 2));
                }
                DpmSolver solver = new DpmSolver(denoiser, run);
                NDArray eps = solver.eps(x, s);
                NDArray denoised = x.sub(eps.mul(DpmSolver.sigma(s)));
                NDArray xLow = solver.step2(x, s, t1, 1.0 / 3);
                NDArray xHigh = solver.step3(x, s, t1);
                NDArray delta = xLow.abs().maximum(xPrev.abs()).mul(RTOL).maximum(ATOL);
                double error = xLow.sub(xHigh).div(delta).square().sum().getFloat() ;
                error = Math.sqrt(error) / numelSqrt;
                double factor = Math.pow(1 / (error + 1e-8), 1 / order);
                factor = 1 + Math.atan(factor - 1);
                boolean accept = factor >= ACCEPT_SAFETY;
                h *= factor;
                if (accept) {
                    xPrev = xLow;
                    x = xHigh.add(run.noise(DpmSolver.sigma(s), DpmSolver.sigma(t)).mul(su * o.sNoise()));
                    s = t;
                }
                run.report(steps - 1, DpmSolver.sigma(s), x, denoised);
                run.next(x, xPrev);
            }
            return run.finish(x);
        }
    }
}
