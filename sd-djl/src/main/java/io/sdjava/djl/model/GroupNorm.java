package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * Group normalization over {@code [B, C, H, W]}, computed in float32 (as ldm's GroupNorm32).
 *
 * @param gamma scale, shaped {@code [C, 1, 1]} for broadcasting
 * @param beta shift, shaped {@code [C, 1, 1]}
 * @param groups number of groups (32 in SD)
 * @param eps variance epsilon (1e-5 in the UNet, 1e-6 in the VAE and SpatialTransformer)
 */
record GroupNorm(NDArray gamma, NDArray beta, int groups, float eps) {
    static final int GROUPS = 32;

    static GroupNorm load(WeightSource w, String name, long channels, float eps) {
        NDArray g = w.tensor(name + ".weight", channels);
        NDArray b = w.tensor(name + ".bias", channels);
        return new GroupNorm(g == null ? null : g.reshape(channels, 1, 1), b == null ? null : b.reshape(channels, 1, 1),
                GROUPS, eps);
    }

    NDArray forward(NDArray x) {
        return ForwardScope.run(x.getManager(), () -> {
            Shape shape = x.getShape();
            // one full-size temporary: the centered values are normalised, scaled and shifted in place (the same
            // float ops as out-of-place ones), the squares are freed at once
            NDArray g = x.reshape(shape.get(0), groups, -1);
            NDArray centered = g.sub(g.mean(new int[] {2}, true));
            NDArray var;
            try (NDArray squares = centered.square()) {
                var = squares.mean(new int[] {2}, true);
            }
            return centered.divi(var.add(eps).sqrt()).reshape(shape).muli(gamma).addi(beta);
        }, x);
    }
}
