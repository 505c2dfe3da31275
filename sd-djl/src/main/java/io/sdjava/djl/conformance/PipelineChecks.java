package io.sdjava.djl.conformance;

import io.sdjava.SdImage;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import java.util.Arrays;

/**
 * Accumulates the checks of one pipeline case with the README tolerances: element-wise
 * {@code |a - e| <= max(atol, rtol * |e|)} per tensor, and the 8-bit image rule of {@link ImageComparison}.
 */
final class PipelineChecks {
    private final StateDict golden;
    private final StringBuilder failures = new StringBuilder();
    private double maxAbsDiff;

    PipelineChecks(StateDict golden) {
        this.golden = golden;
    }

    /** Compares against golden tensor {@code key} with tolerance {@code max(atol, rtol * |expected|)}. */
    void close(String key, float[] actual, long[] shape, double atol, double rtol) {
        close(key, actual, shape, golden.toFloatArray(key), golden.info(key).shape(), atol, rtol);
    }

    void close(String name, float[] actual, long[] shape, float[] expected, long[] expectedShape, double atol,
            double rtol) {
        close(name, actual, shape, expected, expectedShape, atol, rtol, false);
    }

    /** numpy {@code allclose}: {@code |a - e| <= atol + rtol * |e|} against golden tensor {@code key}. */
    void allclose(String key, float[] actual, long[] shape, double atol, double rtol) {
        close(key, actual, shape, golden.toFloatArray(key), golden.info(key).shape(), atol, rtol, true);
    }

    private void close(String name, float[] actual, long[] shape, float[] expected, long[] expectedShape, double atol,
            double rtol, boolean sum) {
        if (actual.length != expected.length || !Arrays.equals(squeeze(shape), squeeze(expectedShape))) {
            fail(name + ": shape " + Arrays.toString(shape) + " != expected " + Arrays.toString(expectedShape));
            return;
        }
        ValueDiff diff = ValueDiff.of(actual, expected,
                e -> sum ? atol + rtol * Math.abs(e) : Math.max(atol, rtol * Math.abs(e)));
        double worst = diff.worst();
        int worstIndex = diff.worstIndex();
        int bad = diff.bad();
        int firstBad = diff.firstBad();
        maxAbsDiff = Math.max(maxAbsDiff, worst);
        if (bad > 0) {
            fail(String.format("%s: %d of %d values outside %s(%.1e, %.1e*|e|), first at %d (got %s, expected %s); "
                    + "max |diff| %.3e at %d (got %s, expected %s)", name, bad, expected.length, sum ? "sum" : "max",
                    atol, rtol, firstBad, actual[firstBad], expected[firstBad], worst, worstIndex, actual[worstIndex],
                    expected[worstIndex]));
        }
    }

    void image(String name, SdImage image, float[] expected) {
        String problem = ImageComparison.check(name, image, expected);
        if (problem != null) {
            fail(problem);
        }
    }

    void fail(String problem) {
        failures.append(problem).append("; ");
    }

    CaseResult result() {
        return failures.length() == 0 ? CaseResult.pass(maxAbsDiff)
                : CaseResult.fail(failures.toString().trim(), maxAbsDiff);
    }

    /** Shapes compare without leading 1-sized batch axes. */
    private static long[] squeeze(long[] shape) {
        int start = 0;
        while (start < shape.length - 1 && shape[start] == 1) {
            start++;
        }
        return Arrays.copyOfRange(shape, start, shape.length);
    }
}
