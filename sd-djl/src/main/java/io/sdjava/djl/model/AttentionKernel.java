package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Scaled dot-product attention over {@code [batch*heads, tokens, dim]} arrays, {@code softmax(q k^T) v}, with
 * the query rows processed in slices when the score matrix would exceed {@link #MAX_SCORE_ELEMENTS} (as
 * A1111's sliced attention does), so a 1024x1024 image's self-attention fits in a few GB.
 *
 * <p>The budget is small on purpose: a 16 MB score slice stays in the CPU's cache through scale, softmax and the
 * product with {@code v}, which made the 64x64-latent self-attention of a 512x512 image 2x faster than
 * 256 MB slices or no slicing at all (measured on a 2-core AVX-512 machine).
 */
final class AttentionKernel {
    /** Largest score matrix computed at once: 2^22 floats = 16 MiB. */
    static final long MAX_SCORE_ELEMENTS = 1L << 22;

    private AttentionKernel() {}

    /**
     * @param q queries, already scaled if the caller scales before the product
     * @param k keys
     * @param v values
     * @param scale factor applied to the scores (1 if {@code q} is pre-scaled)
     * @param mask additive mask broadcastable to the scores, or null
     * @return {@code [batch*heads, tokens_q, dim_v]} on {@code q}'s manager
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, float scale, NDArray mask) {
        return attend(q, k, v, scale, mask, MAX_SCORE_ELEMENTS);
    }

    /** As {@link #attend(NDArray, NDArray, NDArray, float, NDArray)} with an explicit slice budget. */
    static NDArray attend(NDArray q, NDArray k, NDArray v, float scale, NDArray mask, long maxScoreElements) {
        long batch = q.getShape().get(0);
        long n = q.getShape().get(1);
        long m = k.getShape().get(1);
        long rows = Math.max(1, Math.min(n, maxScoreElements / Math.max(1, batch * m)));
        if (rows >= n) {
            return ForwardScope.run(q.getManager(), () -> block(q, k, v, scale, mask), q, k, v, mask);
        }
        NDManager target = q.getManager();
        NDList parts = new NDList();
        try (NDManager partsScope = target.newSubManager()) {
            NDArray keysView = k.transpose(0, 2, 1);
            keysView.attach(partsScope);
            NDArray keysT = keysView.duplicate(); // contiguous once, not per slice
            keysT.attach(partsScope);
            for (long start = 0; start < n; start += rows) {
                long end = Math.min(n, start + rows);
                NDArray slice = q.get(partsScope, new NDIndex(":, {}:{}, :", start, end));
                NDArray maskSlice = mask == null ? null
                        : mask.get(partsScope, new NDIndex("..., {}:{}, :", start, end));
                NDArray part = ForwardScope.run(partsScope, () -> scores(slice, keysT, v, scale, maskSlice), slice,
                        keysT, v, maskSlice);
                parts.add(part);
            }
            NDArray out = NDArrays.concat(parts, 1);
            out.attach(target);
            return out;
        }
    }

    private static NDArray block(NDArray q, NDArray k, NDArray v, float scale, NDArray mask) {
        return scores(q, k.transpose(0, 2, 1), v, scale, mask);
    }

    /** {@code softmax(scale * q kT + mask) v}, scaling and masking the fresh score matrix in place. */
    private static NDArray scores(NDArray q, NDArray keysT, NDArray v, float scale, NDArray mask) {
        NDArray scores = q.matMul(keysT);
        if (scale != 1f) {
            scores.muli(scale);
        }
        if (mask != null) {
            scores.addi(mask);
        }
        return scores.softmax(-1).matMul(v);
    }
}
