package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/** KL Optimal: {@code tan} of a linspace of {@code arctan(sigma)}; {@code n + 1} values with NO appended zero. */
public final class KlOptimalSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, -1);
        double alphaMin = Math.atan(r.sigmaMin());
        double alphaMax = Math.atan(r.sigmaMax());
        double[] out = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double f = (double) i / steps;
            out[i] = Math.tan(f * alphaMin + (1.0 - f) * alphaMax);
        }
        return out;
    }
}
