package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import io.sdjava.io.StateDict;

/** Comparisons of computed arrays against tensors of a golden safetensors file. */
final class Goldens {
    private Goldens() {}

    static void compare(TensorComparison cmp, String name, NDArray actual, StateDict golden, String key) {
        compare(cmp, name, actual.toFloatArray(), actual.getShape().getShape(), golden, key);
    }

    static void compare(TensorComparison cmp, String name, float[] actual, long[] shape, StateDict golden,
            String key) {
        if (!golden.contains(key)) {
            throw new IllegalStateException("golden tensor '" + key + "' missing in " + golden.source());
        }
        cmp.check(name, actual, shape, golden.toFloatArray(key), golden.info(key).shape());
    }
}
