package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * The VAE's single-head spatial self-attention (ldm {@code AttnBlock}) with 1x1 conv projections.
 *
 * @param norm group norm (eps 1e-6)
 * @param q query conv
 * @param k key conv
 * @param v value conv
 * @param projOut output conv
 */
record VaeAttention(GroupNorm norm, Conv2d q, Conv2d k, Conv2d v, Conv2d projOut) {
    static VaeAttention load(WeightSource w, int channels) {
        return new VaeAttention(GroupNorm.load(w, "norm", channels, 1e-6f),
                Conv2d.load(w, "q", channels, channels, 1, 1, 0),
                Conv2d.load(w, "k", channels, channels, 1, 1, 0), Conv2d.load(w, "v", channels, channels, 1, 1, 0),
                Conv2d.load(w, "proj_out", channels, channels, 1, 1, 0));
    }

    NDArray forward(NDArray x) {
        return ForwardScope.run(x.getManager(), () -> {
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            NDArray h = norm.forward(x);
            NDArray qs = q.forward(h).reshape(b, c, -1).transpose(0, 2, 1);
            NDArray ks = k.forward(h).reshape(b, c, -1).transpose(0, 2, 1);
            NDArray vs = v.forward(h).reshape(b, c, -1).transpose(0, 2, 1);
            NDArray out = AttentionKernel.attend(qs, ks, vs, (float) Math.pow(c, -0.5), null);
            return projOut.forward(out.transpose(0, 2, 1).reshape(s)).add(x);
        }, x);
    }
}
