package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SigmaSchedule;

/** The model's own {@code get_sigmas(n)}: timesteps evenly spaced from the last to 0, then 0. */
public final class UniformSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        return model.uniformSigmas(steps);
    }
}
