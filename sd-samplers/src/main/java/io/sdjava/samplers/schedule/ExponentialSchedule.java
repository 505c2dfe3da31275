package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/** Sigmas evenly spaced in log sigma from max to min, then 0. */
public final class ExponentialSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, -1);
        double[] logs = Linspace.of(Math.log(r.sigmaMax()), Math.log(r.sigmaMin()), steps);
        double[] out = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            out[i] = Math.exp(logs[i]);
        }
        return out;
    }
}
