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
        return forward(x, false);
    }

    /**
     * @param x {@code [B, C, H, W]}
     * @param circular whether to pad by wrapping around (A1111 "Tiling", {@code padding_mode='circular'})
     *     instead of with zeros
     * @return the convolution, on {@code x}'s manager
     */
    NDArray forward(NDArray x, boolean circular) {
        if (!circular || padding == 0) {
            return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, new Shape(stride, stride),
                    new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
        }
        return ForwardScope.run(x.getManager(), () -> ai.djl.nn.convolutional.Conv2d.conv2d(wrap(x), weight, bias,
                new Shape(stride, stride), new Shape(0, 0), new Shape(1, 1), 1).singletonOrThrow(), x);
    }

    /** Pads height and width by {@code padding} on each side with the opposite edge's values. */
    private NDArray wrap(NDArray x) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray wide = x.get(":, :, :, {}:", w - padding).concat(x, 3).concat(x.get(":, :, :, :{}", padding), 3);
        return wide.get(":, :, {}:, :", h - padding).concat(wide, 2).concat(wide.get(":, :, :{}, :", padding), 2);
    }
}
