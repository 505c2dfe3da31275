package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;

/**
 * A1111's Normal (timesteps evenly spaced between {@code sigma_to_t(max)} and {@code sigma_to_t(min)}) and SGM
 * Uniform ({@code n + 1} such timesteps, the last dropped) schedules, then 0.
 */
public final class NormalSchedule implements SigmaSchedule {
    private final boolean sgm;

    /** @param sgm whether this is SGM Uniform */
    public NormalSchedule(boolean sgm) {
        this.sgm = sgm;
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return sigmas(steps, model, SamplerOptions.defaults());
    }

    @Override
    public double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        ScheduleRange r = ScheduleRange.of(model, options, -1);
        double start = model.sigmaToT(r.sigmaMax());
        double end = model.sigmaToT(r.sigmaMin());
        double[] t = Linspace.of(start, end, sgm ? steps + 1 : steps);
        double[] out = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            out[i] = (float) model.tToSigma(t[i]);
        }
        return out;
    }
}
