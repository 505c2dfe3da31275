package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import io.sdjava.SdImage;
import io.sdjava.djl.conformance.ValueDiff;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Comparisons of one case's computed values against its golden tensors with the hires README's tolerances,
 * collecting failures, pending (not yet checkable) stages and the largest float difference.
 */
final class GoldenChecks {
    /** README: latents atol 2e-3 * max(1, |x|). */
    static final double LATENT_ATOL = 2e-3;
    /** README: decoded images atol 5e-4. */
    static final double DECODED_ATOL = 5e-4;
    /** README: {@code encoded_latent} (and the posterior) from {@code resized_u8}, atol 1e-4. */
    static final double ENCODE_ATOL = 1e-4;
    /** README: sigmas 1e-6 relative. */
    static final double SIGMA_RTOL = 1e-6;
    /** README: float to uint8 truncation may flip by 1 on at most 0.5% of the values. */
    static final double U8_FLIP_SHARE = 0.005;

    private final StateDict golden;
    private final List<String> failures = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private double maxAbsDiff;

    GoldenChecks(StateDict golden) {
        this.golden = golden;
    }

    float[] tensor(String key) {
        if (!golden.contains(key)) {
            throw new IllegalStateException("golden tensor '" + key + "' missing in " + golden.source());
        }
        return golden.toFloatArray(key);
    }

    long[] shape(String key) {
        return golden.info(key).shape();
    }

    boolean has(String key) {
        return golden.contains(key);
    }

    /** Latent rule: {@code |a - e| <= atol * max(1, |e|)}. */
    void latent(String key, NDArray actual) {
        compare(key, actual.toFloatArray(), actual.getShape().getShape(), LATENT_ATOL, true);
    }

    void latent(String key, float[] actual, long[] shape) {
        compare(key, actual, shape, LATENT_ATOL, true);
    }

    void close(String key, NDArray actual, double atol) {
        compare(key, actual.toFloatArray(), actual.getShape().getShape(), atol, false);
    }

    void close(String key, float[] actual, long[] shape, double atol) {
        compare(key, actual, shape, atol, false);
    }

    void sigmas(String key, double[] actual) {
        float[] expected = tensor(key);
        if (expected.length != actual.length) {
            failures.add(key + ": " + actual.length + " sigmas, expected " + expected.length);
            return;
        }
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (d > SIGMA_RTOL * Math.abs(expected[i]) + 1e-12) {
                failures.add(key + "[" + i + "]: " + actual[i] + " != " + expected[i]);
                return;
            }
        }
    }

    void equal(String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            failures.add(what + ": " + actual + " != expected " + expected);
        }
    }

    /** An 8-bit HWC image against an I32 golden: exact, except +-1 on at most 0.5% of the values. */
    void image(String key, SdImage actual) {
        image(key, actual, U8_FLIP_SHARE);
    }

    /** An 8-bit image with +-1 allowed on at most {@code flipShare} of the values. */
    void image(String key, SdImage actual, double flipShare) {
        long[] shape = shape(key);
        if (shape[0] != actual.height() || shape[1] != actual.width()) {
            failures.add(key + ": " + actual.width() + "x" + actual.height() + " != expected " + shape[1] + "x"
                    + shape[0]);
            return;
        }
        float[] expected = tensor(key);
        byte[] rgb = actual.toRgb();
        int flips = 0;
        int worst = 0;
        for (int i = 0; i < rgb.length; i++) {
            int d = Math.abs((rgb[i] & 0xFF) - Math.round(expected[i]));
            worst = Math.max(worst, d);
            if (d == 1) {
                flips++;
            }
        }
        if (worst > 1 || flips > flipShare * rgb.length) {
            failures.add(String.format("%s: max |diff| %d, %d of %d values off by 1", key, worst, flips, rgb.length));
        }
    }

    void fail(String message) {
        failures.add(message);
    }

    void pending(String message) {
        pending.add(message);
    }

    CaseResult result() {
        String note = pending.isEmpty() ? "" : "not checked yet: " + String.join("; ", pending);
        if (failures.isEmpty()) {
            return new CaseResult(true, note, maxAbsDiff);
        }
        return CaseResult.fail(String.join("; ", failures) + (note.isEmpty() ? "" : "; " + note), maxAbsDiff);
    }

    private void compare(String key, float[] actual, long[] actualShape, double atol, boolean relativeToMagnitude) {
        long[] expectedShape = shape(key);
        if (!Arrays.equals(actualShape, expectedShape)) {
            failures.add(key + ": shape " + Arrays.toString(actualShape) + " != expected "
                    + Arrays.toString(expectedShape));
            return;
        }
        float[] expected = tensor(key);
        ValueDiff diff = ValueDiff.of(actual, expected,
                e -> relativeToMagnitude ? atol * Math.max(1.0, Math.abs(e)) : atol);
        double worst = diff.worst();
        int worstAt = diff.worstIndex();
        int bad = diff.bad();
        maxAbsDiff = Math.max(maxAbsDiff, worst);
        if (bad > 0) {
            failures.add(String.format("%s: %d of %d values outside atol %.1e%s, max |diff| %.3e at %d (got %s, "
                    + "expected %s)", key, bad, expected.length, atol, relativeToMagnitude ? "*max(1,|x|)" : "", worst,
                    worstAt, actual[worstAt], expected[worstAt]));
        }
    }
}
