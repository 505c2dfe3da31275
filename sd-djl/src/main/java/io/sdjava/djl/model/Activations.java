package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The element-wise activations the SD networks use; results land on the input's manager. */
final class Activations {
    private static final float QUICK_GELU_SCALE = 1.702f;

    private Activations() {}

    /**
     * SiLU / swish: {@code x * sigmoid(x)}, multiplied into the sigmoid's buffer (the same float product, one
     * full-size temporary less).
     */
    static NDArray silu(NDArray x) {
        return Activation.sigmoid(x).muli(x);
    }

    /** CLIP's quick GELU: {@code x * sigmoid(1.702 x)}. */
    static NDArray quickGelu(NDArray x) {
        try (NDArray scaled = x.mul(QUICK_GELU_SCALE); NDArray s = Activation.sigmoid(scaled)) {
            return x.mul(s);
        }
    }

    /** Exact (erf) GELU, as {@code torch.nn.functional.gelu}. */
    static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }
}
