package io.sdjava.djl.hires;

import java.util.function.IntUnaryOperator;

/** Per output index: up to {@code width} input indices and their weights (unused taps have weight 0). */
final class Taps {
    final int width;
    final int[] index;
    final float[] weight;

    Taps(int out, int width) {
        this.width = width;
        index = new int[out * width];
        weight = new float[out * width];
    }

    void set(int o, int k, int i, float w) {
        index[o * width + k] = i;
        weight[o * width + k] = w;
    }

    int outputs() {
        return index.length / width;
    }

    static Taps single(int in, int out, IntUnaryOperator source) {
        Taps taps = new Taps(out, 1);
        for (int o = 0; o < out; o++) {
            taps.set(o, 0, source.applyAsInt(o), 1f);
        }
        return taps;
    }

    /** A float-to-float filter. */
    @FunctionalInterface
    interface Filter {
        float at(float x);
    }

    /**
     * PyTorch's antialiased taps ({@code _compute_indices_min_size_weights_aa}): support {@code halfWidth} scaled by
     * the downscale factor (not below 1), PIL's window {@code [center - support + 0.5, center + support + 0.5)},
     * weights normalised to sum 1.
     */
    static Taps antialiased(int in, int out, int halfWidth, Filter filter) {
        float scale = (float) in / out;
        float support = scale >= 1f ? halfWidth * scale : halfWidth;
        float invScale = scale >= 1f ? 1f / scale : 1f;
        int max = (int) Math.ceil(support) * 2 + 1;
        Taps taps = new Taps(out, max);
        for (int o = 0; o < out; o++) {
            float center = (float) (scale * (o + 0.5));
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xsize = Math.min(Math.max(Math.min((int) (center + support + 0.5), in) - xmin, 0), max);
            float total = 0f;
            float[] w = new float[xsize];
            for (int j = 0; j < xsize; j++) {
                w[j] = filter.at((float) ((j + xmin - center + 0.5) * invScale));
                total += w[j];
            }
            for (int j = 0; j < xsize; j++) {
                taps.set(o, j, xmin + j, total != 0f ? w[j] / total : 0f);
            }
        }
        return taps;
    }
}
