package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/** Karras et al. (2022): {@code (max^(1/rho) + ramp * (min^(1/rho) - max^(1/rho)))^rho}, rho 7, then 0. */
public final class KarrasSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, 7.0);
        return karras(steps, r.sigmaMin(), r.sigmaMax(), r.rho());
    }

    /**
     * k-diffusion's {@code get_sigmas_karras}.
     *
     * @param n the number of nonzero sigmas
     * @param sigmaMin the last nonzero sigma
     * @param sigmaMax the first sigma
     * @param rho the curvature (7)
     * @return {@code n + 1} sigmas ending with 0
     */
    public static double[] karras(int n, double sigmaMin, double sigmaMax, double rho) {
        double[] ramp = Linspace.of(0, 1, n);
        double minInv = Math.pow(sigmaMin, 1 / rho);
        double maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] out = new double[n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), rho);
        }
        return out;
    }
}
