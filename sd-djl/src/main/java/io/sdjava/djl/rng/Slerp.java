package io.sdjava.djl.rng;

/**
 * A1111's {@code slerp(val, low, high)} on tensors of shape (d0, d1, rest...): an independent spherical
 * interpolation for every vector along dim 1 (for a latent (C, H, W) that is each (channel, column) vector of
 * length H), with A1111's linear fallback when the vectors are nearly parallel on average. Computed in float64.
 */
final class Slerp {
    /** A1111's threshold on the mean cosine above which it falls back to a linear mix. */
    static final double PARALLEL_THRESHOLD = 0.9995;

    private Slerp() {}

    /**
     * @param val the interpolation weight (A1111's subseed strength)
     * @param low the first tensor (the seed noise), row-major
     * @param high the second tensor (the subseed noise), same shape
     * @param d0 the size of dim 0
     * @param d1 the size of dim 1, the axis normalised over
     * @return the interpolated tensor, rounded to float32
     */
    static float[] slerp(double val, float[] low, float[] high, int d0, int d1) {
        if (low.length != high.length || d0 <= 0 || d1 <= 0 || low.length % (d0 * d1) != 0) {
            throw new IllegalArgumentException("slerp needs two tensors of the same shape (" + d0 + ", " + d1
                    + ", ...); got " + low.length + " and " + high.length + " values");
        }
        int rest = low.length / (d0 * d1);
        double[] dot = new double[d0 * rest];
        double mean = 0;
        for (int a = 0; a < d0; a++) {
            for (int c = 0; c < rest; c++) {
                double nl = 0;
                double nh = 0;
                double dp = 0;
                for (int b = 0; b < d1; b++) {
                    int i = (a * d1 + b) * rest + c;
                    nl += (double) low[i] * low[i];
                    nh += (double) high[i] * high[i];
                    dp += (double) low[i] * high[i];
                }
                double d = dp / (Math.sqrt(nl) * Math.sqrt(nh));
                dot[a * rest + c] = d;
                mean += d;
            }
        }
        mean /= dot.length;
        float[] out = new float[low.length];
        if (mean > PARALLEL_THRESHOLD) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (low[i] * val + high[i] * (1 - val));
            }
            return out;
        }
        for (int a = 0; a < d0; a++) {
            for (int c = 0; c < rest; c++) {
                double omega = Math.acos(dot[a * rest + c]);
                double so = Math.sin(omega);
                double wl = Math.sin((1.0 - val) * omega) / so;
                double wh = Math.sin(val * omega) / so;
                for (int b = 0; b < d1; b++) {
                    int i = (a * d1 + b) * rest + c;
                    out[i] = (float) (wl * low[i] + wh * high[i]);
                }
            }
        }
        return out;
    }
}
