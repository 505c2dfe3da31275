package io.sdjava.upscale;

/** Largest absolute element difference between golden and actual values. */
final class MaxAbsDiff {
    private MaxAbsDiff() {}

    /** @return the largest {@code |a - b|}; infinite on a length mismatch, NaN counts as infinite */
    static double of(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }

    /** @return the largest channel difference; infinite when the sizes differ */
    static double of(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return Double.POSITIVE_INFINITY;
        }
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
        }
        return max;
    }

    /** @return how many channel values differ */
    static int count(RgbImage a, RgbImage b) {
        int n = 0;
        for (int i = 0; i < Math.min(a.rgb().length, b.rgb().length); i++) {
            if (a.rgb()[i] != b.rgb()[i]) {
                n++;
            }
        }
        return n;
    }
}
