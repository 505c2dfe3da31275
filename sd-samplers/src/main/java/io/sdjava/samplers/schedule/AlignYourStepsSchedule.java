package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SigmaSchedule;

/** NVIDIA's Align Your Steps sigmas for SD 1.5, log-linearly interpolated to the step count, then 0. */
public final class AlignYourStepsSchedule implements SigmaSchedule {
    private static final double[] SD15 = {14.615, 6.475, 3.861, 2.697, 1.886, 1.396, 0.963, 0.652, 0.399, 0.152,
        0.029};

    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        double[] out = new double[steps + 1];
        if (steps == SD15.length) {
            for (int i = 0; i < steps; i++) {
                out[i] = (float) SD15[i];
            }
            return out;
        }
        int k = SD15.length;
        double[] xs = Linspace.of(0, 1, k);
        double[] ys = new double[k];
        for (int i = 0; i < k; i++) {
            ys[i] = Math.log(SD15[k - 1 - i]);
        }
        double[] newXs = Linspace.of(0, 1, steps);
        for (int i = 0; i < steps; i++) {
            out[steps - 1 - i] = (float) Math.exp(interp(newXs[i], xs, ys));
        }
        return out;
    }

    private static double interp(double x, double[] xs, double[] ys) {
        if (x <= xs[0]) {
            return ys[0];
        }
        for (int j = 1; j < xs.length; j++) {
            if (x <= xs[j]) {
                double w = (x - xs[j - 1]) / (xs[j] - xs[j - 1]);
                return ys[j - 1] + w * (ys[j] - ys[j - 1]);
            }
        }
        return ys[ys.length - 1];
    }
}
