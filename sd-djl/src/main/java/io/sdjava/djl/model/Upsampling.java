package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Nearest-neighbour resizing, as {@code F.interpolate(x, ..., mode="nearest")}. */
final class Upsampling {
    private Upsampling() {}

    /**
     * @param x {@code [B, C, H, W]}
     * @return {@code [B, C, 2H, 2W]} on {@code x}'s manager (intermediate closed)
     */
    static NDArray nearest2x(NDArray x) {
        try (NDArray rows = x.repeat(2, 2)) {
            return rows.repeat(3, 2);
        }
    }

    /**
     * Resizes to an explicit size with torch's legacy nearest rule:
     * {@code src = min(floor(dst * (float) in / out), in - 1)}.
     *
     * @param x {@code [B, C, H, W]}
     * @param height output height
     * @param width output width
     * @return {@code [B, C, height, width]} on {@code x}'s manager
     */
    static NDArray nearest(NDArray x, long height, long width) {
        return ForwardScope.run(x.getManager(), () -> {
            NDManager m = x.getManager();
            NDArray rows = x.transpose(2, 0, 1, 3).get(m, new NDIndex("{}", m.create(sourceIndices(
                    x.getShape().get(2), height))));
            NDArray cols = rows.transpose(3, 1, 2, 0).get(m, new NDIndex("{}", m.create(sourceIndices(
                    x.getShape().get(3), width))));
            return cols.transpose(1, 2, 3, 0);
        }, x);
    }

    static long[] sourceIndices(long in, long out) {
        long[] idx = new long[Math.toIntExact(out)];
        float scale = (float) in / out;
        for (int i = 0; i < idx.length; i++) {
            if (out == in) {
                idx[i] = i;
            } else if (out == 2 * in) {
                idx[i] = i >> 1;
            } else {
                idx[i] = Math.min((long) Math.floor(i * scale), in - 1);
            }
        }
        return idx;
    }
}
