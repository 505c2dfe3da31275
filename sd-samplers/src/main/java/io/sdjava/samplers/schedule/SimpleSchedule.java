package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SigmaSchedule;

/** A1111's Simple: every {@code len/n}-th trained sigma from the top, then 0. */
public final class SimpleSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        double[] table = model.sigmas();
        double ss = (double) table.length / steps;
        double[] out = new double[steps + 1];
        for (int x = 0; x < steps; x++) {
            out[x] = (float) table[table.length - 1 - (int) (x * ss)];
        }
        return out;
    }
}
