package io.sdjava.djl.conformance;

import java.util.Arrays;

/**
 * Element-wise comparison {@code |actual - expected| <= atol + rtol * |expected|} over one named tensor,
 * accumulating the largest absolute difference across calls.
 */
final class TensorComparison {
    private final double atol;
    private final double rtol;
    private final StringBuilder failures = new StringBuilder();
    private double maxAbsDiff;

    TensorComparison(double atol, double rtol) {
        this.atol = atol;
        this.rtol = rtol;
    }

    void check(String name, float[] actual, long[] actualShape, float[] expected, long[] expectedShape) {
        if (!Arrays.equals(actualShape, expectedShape)) {
            failures.append(name).append(": shape ").append(Arrays.toString(actualShape)).append(" != expected ")
                    .append(Arrays.toString(expectedShape)).append("; ");
            return;
        }
        ValueDiff diff = ValueDiff.of(actual, expected, e -> atol + rtol * Math.abs(e));
        double worst = diff.worst();
        int worstIndex = diff.worstIndex();
        int bad = diff.bad();
        maxAbsDiff = Math.max(maxAbsDiff, worst);
        if (bad > 0) {
            failures.append(String.format("%s: %d of %d values outside atol %.1e rtol %.1e, max |diff| %.3e at %d "
                    + "(got %s, expected %s); ", name, bad, expected.length, atol, rtol, worst, worstIndex,
                    actual[worstIndex], expected[worstIndex]));
        }
    }

    boolean passed() {
        return failures.length() == 0;
    }

    String detail() {
        return failures.toString().trim();
    }

    double maxAbsDiff() {
        return maxAbsDiff;
    }
}
