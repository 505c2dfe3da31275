package io.sdjava.samples.textures;

import io.sdjava.SdImage;

/**
 * Checks that an image tiles: the wrap-around seam (last column against first, last row against first) must
 * be no worse than the edges inside the image. For each direction, every boundary between two neighbouring
 * columns (rows) gets a score, the mean absolute RGB difference across it. The seam passes when its score is
 * at most the interior boundaries' mean plus three standard deviations (at least one grey level), that is,
 * when the seam is not an outlier among the image's own edges. A non-tiling image, such as a gradient, has a
 * seam far above that bound.
 *
 * @param seamX the score of the vertical seam (last column against the first)
 * @param limitX the bound for {@code seamX}
 * @param seamY the score of the horizontal seam (last row against the first)
 * @param limitY the bound for {@code seamY}
 */
record SeamCheck(double seamX, double limitX, double seamY, double limitY) {
    private static final double SIGMAS = 3.0;
    private static final double MIN_SLACK = 1.0;

    /**
     * @param image an image at least 3 pixels wide and high
     * @return the scores and bounds
     */
    static SeamCheck of(SdImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 3 || h < 3) {
            throw new IllegalArgumentException("seam check needs at least 3x3 pixels, got " + image);
        }
        int[] px = image.toArgbPixels();
        double[] columns = new double[w]; // boundary between column i and i+1 (mod w)
        for (int i = 0; i < w; i++) {
            double sum = 0;
            for (int y = 0; y < h; y++) {
                sum += difference(px[y * w + i], px[y * w + (i + 1) % w]);
            }
            columns[i] = sum / h;
        }
        double[] rows = new double[h];
        for (int j = 0; j < h; j++) {
            double sum = 0;
            for (int x = 0; x < w; x++) {
                sum += difference(px[j * w + x], px[((j + 1) % h) * w + x]);
            }
            rows[j] = sum / w;
        }
        return new SeamCheck(columns[w - 1], limit(columns), rows[h - 1], limit(rows));
    }

    /** @return whether both seams are within their bounds */
    boolean passed() {
        return seamX <= limitX && seamY <= limitY;
    }

    /** @return e.g. {@code "seam x 3.1 <= 7.9, y 2.0 <= 8.4"} */
    String describe() {
        return String.format(java.util.Locale.ROOT, "seam x %.2f %s %.2f, y %.2f %s %.2f", seamX,
                seamX <= limitX ? "<=" : ">", limitX, seamY, seamY <= limitY ? "<=" : ">", limitY);
    }

    /** Mean + 3 sd of the interior boundaries (all but the last, the seam). */
    private static double limit(double[] boundaries) {
        int n = boundaries.length - 1;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += boundaries[i];
        }
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            variance += (boundaries[i] - mean) * (boundaries[i] - mean);
        }
        double sd = Math.sqrt(variance / n);
        return mean + Math.max(SIGMAS * sd, MIN_SLACK);
    }

    /** Mean absolute difference of the three channels. */
    private static double difference(int a, int b) {
        return (Math.abs((a >>> 16 & 0xFF) - (b >>> 16 & 0xFF)) + Math.abs((a >>> 8 & 0xFF) - (b >>> 8 & 0xFF))
                + Math.abs((a & 0xFF) - (b & 0xFF))) / 3.0;
    }
}
