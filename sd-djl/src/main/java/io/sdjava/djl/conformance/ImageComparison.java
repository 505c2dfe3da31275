package io.sdjava.djl.conformance;

import io.sdjava.SdImage;

/**
 * 8-bit image check of the README: every value within 1 of the golden, and at most 0.5 % of the values off by 1
 * (float32 noise at the truncation edge).
 */
final class ImageComparison {
    static final double MAX_OFF_BY_ONE = 0.005;

    private ImageComparison() {}

    /**
     * @param image the computed image
     * @param golden HWC RGB values 0..255 of one image
     * @return a failure description, or null when within tolerance
     */
    static String check(String name, SdImage image, float[] golden) {
        byte[] rgb = image.toRgb();
        if (rgb.length != golden.length) {
            return name + ": " + rgb.length + " values, expected " + golden.length;
        }
        int offByOne = 0;
        int worse = 0;
        int worst = 0;
        for (int i = 0; i < rgb.length; i++) {
            int d = Math.abs((rgb[i] & 0xFF) - Math.round(golden[i]));
            worst = Math.max(worst, d);
            if (d == 1) {
                offByOne++;
            } else if (d > 1) {
                worse++;
            }
        }
        if (worse > 0 || offByOne > MAX_OFF_BY_ONE * rgb.length) {
            return String.format("%s: %d values differ by more than 1 (max %d), %d by 1 (allowed %.0f of %d)", name,
                    worse, worst, offByOne, MAX_OFF_BY_ONE * rgb.length, rgb.length);
        }
        return null;
    }
}
