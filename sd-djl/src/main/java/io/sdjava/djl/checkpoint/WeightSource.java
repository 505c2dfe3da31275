package io.sdjava.djl.checkpoint;

import ai.djl.ndarray.NDArray;

/**
 * Where network weights come from while a model is built: a checkpoint (see {@link StateDictWeights}), or a
 * shape-only inventory in tests. Arrays are float32, owned by the source's weights manager.
 */
@FunctionalInterface
public interface WeightSource {
    /**
     * Reads a weight.
     *
     * @param key the full key
     * @param shape the shape the architecture expects
     * @param transposed whether to return a 2-D weight transposed (so {@code x.matMul(w)} computes a Linear)
     * @return the array; implementations that collect missing keys may return null until they report them
     */
    NDArray read(String key, long[] shape, boolean transposed);

    /**
     * @param key a key relative to this source
     * @param shape the expected shape
     * @return the weight as stored, float32
     */
    default NDArray tensor(String key, long... shape) {
        return read(key, shape, false);
    }

    /**
     * Reads a {@code Linear} weight stored as {@code [out, in]} and returns it as {@code [in, out]}.
     *
     * @param key a key relative to this source
     * @param out output features
     * @param in input features
     * @return the transposed weight
     */
    default NDArray linear(String key, long out, long in) {
        return read(key, new long[] {out, in}, true);
    }

    /**
     * @param prefix a key prefix such as {@code "model.diffusion_model."}
     * @return a view that prepends {@code prefix} to every key
     */
    default WeightSource at(String prefix) {
        WeightSource parent = this;
        return (key, shape, transposed) -> parent.read(prefix + key, shape, transposed);
    }
}
