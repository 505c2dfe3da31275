package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/**
 * Beta schedule (Lee et al. 2024) as in A1111 v1.10.1: {@code beta.ppf(1 - linspace(0, 1, n), alpha, beta)}
 * mapped linearly between sigma min and sigma max, then 0. Alpha and beta default to 0.6.
 */
public final class BetaSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, -1);
        double[] lin = Linspace.of(0, 1, steps);
        double[] out = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            double ppf = BetaDistribution.ppf(1 - lin[i], options.betaAlpha(), options.betaBeta());
            out[i] = (float) (r.sigmaMin() + ppf * (r.sigmaMax() - r.sigmaMin()));
        }
        return out;
    }
}
