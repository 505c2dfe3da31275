package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;

/**
 * k-diffusion's {@code DPMSolver} single steps in {@code t = -log sigma}, with the per-step eps cache
 * (keys eps, eps_r1, eps_r2). One instance per step.
 */
final class DpmSolver {
    private final Denoiser denoiser;
    private final SamplingRun run;
    private NDArray eps;
    private NDArray epsR1;
    private NDArray epsR2;

    DpmSolver(Denoiser denoiser, SamplingRun run) {
        this.denoiser = denoiser;
        this.run = run;
    }

    static double sigma(double t) {
        return Math.exp(-t);
    }

    static double t(double sigma) {
        return -Math.log(sigma);
    }

    private NDArray evalEps(NDArray x, double t) {
        return x.sub(run.denoise(denoiser, x, sigma(t))).div(sigma(t));
    }

    NDArray eps(NDArray x, double t) {
        if (eps == null) {
            eps = evalEps(x, t);
        }
        return eps;
    }

    NDArray step1(NDArray x, double t, double tNext) {
        double h = tNext - t;
        return x.sub(eps(x, t).mul(sigma(tNext) * Math.expm1(h)));
    }

    NDArray step2(NDArray x, double t, double tNext, double r1) {
        double h = tNext - t;
        NDArray e = eps(x, t);
        double s1 = t + r1 * h;
        NDArray u1 = x.sub(e.mul(sigma(s1) * Math.expm1(r1 * h)));
        if (epsR1 == null) {
            epsR1 = evalEps(u1, s1);
        }
        return x.sub(e.mul(sigma(tNext) * Math.expm1(h)))
                .sub(epsR1.sub(e).mul(sigma(tNext) / (2 * r1) * Math.expm1(h)));
    }

    NDArray step3(NDArray x, double t, double tNext) {
        double r1 = 1.0 / 3;
        double r2 = 2.0 / 3;
        double h = tNext - t;
        NDArray e = eps(x, t);
        double s1 = t + r1 * h;
        double s2 = t + r2 * h;
        NDArray u1 = x.sub(e.mul(sigma(s1) * Math.expm1(r1 * h)));
        if (epsR1 == null) {
            epsR1 = evalEps(u1, s1);
        }
        NDArray u2 = x.sub(e.mul(sigma(s2) * Math.expm1(r2 * h)))
                .sub(epsR1.sub(e).mul(sigma(s2) * (r2 / r1) * (Math.expm1(r2 * h) / (r2 * h) - 1)));
        if (epsR2 == null) {
            epsR2 = evalEps(u2, s2);
        }
        return x.sub(e.mul(sigma(tNext) * Math.expm1(h)))
                .sub(epsR2.sub(e).mul(sigma(tNext) / r2 * (Math.expm1(h) / h - 1)));
    }
}
