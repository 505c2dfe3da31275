package io.sdjava.djl.rng;

/**
 * A1111's per-image seeds of a generation ({@code p.all_seeds}, {@code p.all_subseeds}): image {@code i} gets
 * {@code seed + i} and {@code subseed + i}, except that with a non-zero variation strength every image keeps the same
 * seed and only the variation seed increments.
 */
public final class BatchSeeds {
    private BatchSeeds() {}

    /**
     * @param seed the resolved first seed (not -1)
     * @param images the number of images (batch size × batch count)
     * @param subseedStrength the variation strength
     * @return the seed of every image
     */
    public static long[] seeds(long seed, int images, double subseedStrength) {
        long[] out = new long[checked(images)];
        for (int i = 0; i < out.length; i++) {
            out[i] = subseedStrength == 0 ? seed + i : seed;
        }
        return out;
    }

    /**
     * @param subseed the resolved first variation seed (not -1)
     * @param images the number of images
     * @return the variation seed of every image
     */
    public static long[] subseeds(long subseed, int images) {
        long[] out = new long[checked(images)];
        for (int i = 0; i < out.length; i++) {
            out[i] = subseed + i;
        }
        return out;
    }

    private static int checked(int images) {
        if (images < 1) {
            throw new IllegalArgumentException("images must be >= 1, got " + images);
        }
        return images;
    }
}
