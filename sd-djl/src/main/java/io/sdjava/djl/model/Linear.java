package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * A fully connected layer, {@code y = x W^T + b}; the weight is kept transposed ({@code [in, out]}).
 *
 * @param weight the transposed weight {@code [in, out]}
 * @param bias the bias {@code [out]}, or null
 */
record Linear(NDArray weight, NDArray bias) {
    static Linear load(WeightSource w, String name, long in, long out, boolean bias) {
        return new Linear(w.linear(name + ".weight", out, in), bias ? w.tensor(name + ".bias", out) : null);
    }

    NDArray forward(NDArray x) {
        NDArray y = x.matMul(weight);
        if (bias == null) {
            return y;
        }
        NDArray out = y.add(bias);
        y.close();
        return out;
    }
}
