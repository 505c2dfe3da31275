package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.function.UnaryOperator;

/** The few layer functions both nets share; every one takes the activation first, so results land on its manager. */
final class Layers {
    static final float LN_EPS = 1e-6f;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Layers() {}

    /** LayerNorm over the last axis, eps 1e-6 (timm ViT / ConvNeXt). */
    static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return layerNorm(x, weight, bias, LN_EPS);
    }

    /** LayerNorm over the last axis. */
    static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, float eps) {
        return LayerNorm.layerNorm(x, new Shape(weight.getShape().get(0)), weight, bias, eps).singletonOrThrow();
    }

    /** {@code x @ weight^T + bias}, torch's {@code F.linear}; {@code bias} may be null. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    /** 2-D convolution (NCHW, OIHW weights). */
    static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), groups).singletonOrThrow();
    }

    /** GELU: torch's tanh approximation when {@code tanh}, else the exact erf form. */
    static NDArray gelu(NDArray x, boolean tanh) {
        if (!tanh) {
            return Activation.gelu(x);
        }
        NDArray inner = x.pow(3).muli(0.044715).addi(x).muli(SQRT_2_OVER_PI).tanh().addi(1.0);
        return inner.muli(x).muli(0.5);
    }

    /**
     * Runs {@code step} on {@code x} in a child scope of x's manager: intermediates die with the scope, the result
     * is moved to x's manager, and {@code x} itself is closed.
     */
    static NDArray scoped(NDArray x, String name, UnaryOperator<NDArray> step) {
        NDManager parent = x.getManager();
        NDArray out;
        try (NDManager scope = parent.newSubManager()) {
            scope.setName(name);
            x.tempAttach(scope);
            out = step.apply(x);
            out.attach(parent);
        }
        x.close();
        return out;
    }
}
