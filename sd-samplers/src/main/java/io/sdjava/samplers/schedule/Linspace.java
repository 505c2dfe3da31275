package io.sdjava.samplers.schedule;

/** {@code torch.linspace} in double precision (same symmetric evaluation order). */
final class Linspace {
    private Linspace() {}

    static double[] of(double start, double end, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        double step = (end - start) / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            out[i] = i < half ? start + step * i : end - step * (n - 1 - i);
        }
        return out;
    }

    static double[] appendZero(double[] values) {
        double[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = 0;
        return out;
    }
}
