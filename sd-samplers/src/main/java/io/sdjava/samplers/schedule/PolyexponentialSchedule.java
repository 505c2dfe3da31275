package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/** Polynomial in log sigma: {@code exp(ramp^rho * (log max - log min) + log min)}, rho 1, then 0. */
public final class PolyexponentialSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, 1.0);
        double[] ramp = Linspace.of(1, 0, steps);
        double logMin = Math.log(r.sigmaMin());
        double span = Math.log(r.sigmaMax()) - logMin;
        double[] out = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            out[i] = Math.exp(Math.pow(ramp[i], r.rho()) * span + logMin);
        }
        return out;
    }
}
