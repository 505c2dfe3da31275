package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * A 2-D convolution with a square kernel.
 *
 * @param weight {@code [out, in, k, k]}
 * @param bias {@code [out]}
 * @param stride the stride
 * @param padding zero padding on each side
 */
record Conv2d(NDArray weight, NDArray bias, int stride, int padding) {
    static Conv2d load(WeightSource w, String name, long in, long out, int kernel, int stride, int padding) {
        return new Conv2d(w.tensor(name + ".weight", out, in, kernel, kernel), w.tensor(name + ".bias", out),
                stride, padding);
    }

    NDArray forward(NDArray x) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    }
}
