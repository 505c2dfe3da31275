package io.sdjava.djl.conformance;

import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise comparison behind every golden tensor check: the largest absolute difference (NaN counts as
 * infinite) and where it is, and how many values (and the first one) exceed their tolerance. Callers word the
 * failure themselves.
 *
 * @param worst the largest {@code |actual - expected|}
 * @param worstIndex where it is
 * @param bad how many values exceed their tolerance
 * @param firstBad the first value that does, or -1
 */
public record ValueDiff(double worst, int worstIndex, int bad, int firstBad) {
    /**
     * @param actual the computed values
     * @param expected the golden values, as many as {@code actual}
     * @param tolerance the allowed absolute difference for an expected value
     * @return the comparison
     */
    public static ValueDiff of(float[] actual, float[] expected, DoubleUnaryOperator tolerance) {
        double worst = 0;
        int worstIndex = 0;
        int bad = 0;
        int firstBad = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(d)) {
                d = Double.POSITIVE_INFINITY;
            }
            if (d > worst) {
                worst = d;
                worstIndex = i;
            }
            if (d > tolerance.applyAsDouble(expected[i])) {
                bad++;
                firstBad = firstBad < 0 ? i : firstBad;
            }
        }
        return new ValueDiff(worst, worstIndex, bad, firstBad);
    }
}
