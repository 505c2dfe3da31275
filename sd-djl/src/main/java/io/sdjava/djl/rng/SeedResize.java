package io.sdjava.djl.rng;

/** A1111's "resize seed from width/height": the old-size noise pasted, centred, into the new-size noise. */
final class SeedResize {
    private SeedResize() {}

    /**
     * Copies the centred overlap of {@code noise} (shape {@code from}) into {@code target} (shape {@code to}) in
     * place, with A1111's floor-division offsets (an odd difference leaves one extra row or column of the target).
     *
     * @param noise the source noise, row-major (C, H, W)
     * @param from the source shape
     * @param target the destination noise, row-major (C, H, W), modified in place
     * @param to the destination shape (same channel count)
     */
    static void pasteCentered(float[] noise, int[] from, float[] target, int[] to) {
        int dx = Math.floorDiv(to[2] - from[2], 2);
        int dy = Math.floorDiv(to[1] - from[1], 2);
        int w = dx >= 0 ? from[2] : from[2] + 2 * dx;
        int h = dy >= 0 ? from[1] : from[1] + 2 * dy;
        int tx = Math.max(dx, 0);
        int ty = Math.max(dy, 0);
        int sx = Math.max(-dx, 0);
        int sy = Math.max(-dy, 0);
        for (int c = 0; c < to[0]; c++) {
            for (int y = 0; y < h; y++) {
                int src = (c * from[1] + sy + y) * from[2] + sx;
                int dst = (c * to[1] + ty + y) * to[2] + tx;
                System.arraycopy(noise, src, target, dst, w);
            }
        }
    }
}
