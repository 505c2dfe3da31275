package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * Layer normalization over the last axis.
 *
 * @param gamma scale {@code [D]}
 * @param beta shift {@code [D]}
 * @param eps variance epsilon
 */
record LayerNorm(NDArray gamma, NDArray beta, float eps) {
    static LayerNorm load(WeightSource w, String name, long dim, double eps) {
        return new LayerNorm(w.tensor(name + ".weight", dim), w.tensor(name + ".bias", dim), (float) eps);
    }

    NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, eps)
                .singletonOrThrow();
    }
}
