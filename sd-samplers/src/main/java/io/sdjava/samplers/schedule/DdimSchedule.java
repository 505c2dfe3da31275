package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SigmaSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * A1111's DDIM scheduler: trained sigmas at {@code 1, 1 + len/n, ...}, reversed, then 0. For step counts that do
 * not divide the table the result can have more than {@code n + 1} entries, as upstream.
 */
public final class DdimSchedule implements SigmaSchedule {
    @Override
    public double[] sigmas(int steps, ModelSigmas model) {
        double[] table = model.sigmas();
        int ss = Math.max(table.length / steps, 1);
        List<Double> sigs = new ArrayList<>();
        for (int x = 1; x < table.length; x += ss) {
            sigs.add(table[x]);
        }
        double[] out = new double[sigs.size() + 1];
        for (int i = 0; i < sigs.size(); i++) {
            out[i] = (float) (double) sigs.get(sigs.size() - 1 - i);
        }
        return out;
    }
}
