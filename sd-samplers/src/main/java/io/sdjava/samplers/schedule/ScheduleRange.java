package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerOptions;

/**
 * The sigma range and rho A1111 passes to a scheduler: the model's range (or 0.1..10 with the old Karras
 * option), then the sigma min/max and rho overrides when set.
 */
record ScheduleRange(double sigmaMin, double sigmaMax, double rho) {
    static ScheduleRange of(ModelSigmas model, SamplerOptions options, double defaultRho) {
        double min = options.useOldKarrasSigmas() ? 0.1 : model.sigmaMin();
        double max = options.useOldKarrasSigmas() ? 10 : model.sigmaMax();
        if (options.sigmaMin() != 0 && options.sigmaMin() != model.sigmaMin()) {
            min = options.sigmaMin();
        }
        if (options.sigmaMax() != 0 && options.sigmaMax() != model.sigmaMax()) {
            max = options.sigmaMax();
        }
        double rho = options.rho() != 0 ? options.rho() : defaultRho;
        return new ScheduleRange(min, max, rho);
    }
}
