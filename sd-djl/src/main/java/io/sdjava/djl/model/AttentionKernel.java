package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Scaled dot-product attention over {@code [batch*heads, tokens, dim]} arrays, {@code softmax(q k^T) v}, with
 * the query rows processed in slices (as A1111's sliced attention does), so a 1024x1024 image's self-attention fits
 * in a few GB.
 *
 * <p>Slice sizes, measured on a 2-core AVX-512 machine with PyTorch's CPU allocator over glibc malloc: 16 MiB score
 * slices stay in cache through scale, softmax and the product with {@code v}, which makes the 64x64-latent
 * self-attention of a 512x512 image about 2x faster than 64-256 MiB slices. But glibc keeps freed chunks below its
 * (at most 32 MiB) mmap threshold in its heaps, and across the hundreds of slices of a 128x128-latent attention
 * (Hires. fix to 1024x1024) the process grew by over 10 GB. So small slices are used only while an attention needs
 * at most {@link #MAX_SMALL_SLICES} of them; larger attentions use {@link #LARGE_SLICE_ELEMENTS}-float slices,
 * which malloc maps and unmaps on every slice (same speed there, flat memory).
 */
final class AttentionKernel {
    /** Score slice of the fast path: 2^22 floats = 16 MiB. */
    static final long SMALL_SLICE_ELEMENTS = 1L << 22;
    /** Most small slices one attention may take (a 512x512 image's largest attention takes 64). */
    static final long MAX_SMALL_SLICES = 64;
    /** Score slice of large attentions: 2^24 floats = 64 MiB, above glibc's largest mmap threshold. */
    static final long LARGE_SLICE_ELEMENTS = 1L << 24;

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
        return attend(q, k, v, scale, mask, sliceElements(q.getShape().get(0), q.getShape().get(1),
                k.getShape().get(1)));
    }

    /**
     * @param batch batch times heads
     * @param queries query tokens
     * @param keys key tokens
     * @return the score elements per slice for an attention of this size
     */
    static long sliceElements(long batch, long queries, long keys) {
        long total = batch * queries * keys;
        return total <= SMALL_SLICE_ELEMENTS * MAX_SMALL_SLICES ? SMALL_SLICE_ELEMENTS : LARGE_SLICE_ELEMENTS;
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
