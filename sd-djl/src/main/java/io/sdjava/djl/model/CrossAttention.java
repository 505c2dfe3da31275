package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * ldm's CrossAttention: multi-head attention of {@code x} over a context (itself for self-attention), with
 * bias-free q/k/v projections and a biased output projection.
 *
 * @param toQ query projection
 * @param toK key projection
 * @param toV value projection
 * @param toOut output projection
 * @param heads number of heads
 * @param headDim channels per head
 */
record CrossAttention(Linear toQ, Linear toK, Linear toV, Linear toOut, int heads, int headDim) {
    static CrossAttention load(WeightSource w, long queryDim, long contextDim, int heads, int headDim) {
        long inner = (long) heads * headDim;
        return new CrossAttention(Linear.load(w, "to_q", queryDim, inner, false),
                Linear.load(w, "to_k", contextDim, inner, false), Linear.load(w, "to_v", contextDim, inner, false),
                Linear.load(w, "to_out.0", inner, queryDim, true), heads, headDim);
    }

    /**
     * @param x {@code [B, N, queryDim]}
     * @param context {@code [B, M, contextDim]}, or null for self-attention
     * @return {@code [B, N, queryDim]}
     */
    NDArray forward(NDArray x, NDArray context) {
        return ForwardScope.run(x.getManager(), () -> {
            NDArray ctx = context == null ? x : context;
            NDArray q = splitHeads(toQ.forward(x));
            NDArray k = splitHeads(toK.forward(ctx));
            NDArray v = splitHeads(toV.forward(ctx));
            NDArray out = AttentionKernel.attend(q, k, v, (float) Math.pow(headDim, -0.5), null);
            return toOut.forward(mergeHeads(out, x.getShape().get(0)));
        }, x, context);
    }

    /** {@code [B, N, h*d] -> [B*h, N, d]}. */
    private NDArray splitHeads(NDArray t) {
        long b = t.getShape().get(0);
        long n = t.getShape().get(1);
        return t.reshape(b, n, heads, headDim).transpose(0, 2, 1, 3).reshape(b * heads, n, headDim);
    }

    /** {@code [B*h, N, d] -> [B, N, h*d]}. */
    private NDArray mergeHeads(NDArray t, long b) {
        long n = t.getShape().get(1);
        return t.reshape(b, heads, n, headDim).transpose(0, 2, 1, 3).reshape(b, n, (long) heads * headDim);
    }
}
