package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/** The model weights networks merge into: live float32 arrays, and their checkpoint values. */
public interface MergeableWeights {
    /**
     * A live weight array.
     *
     * @param array the array the model computes with
     * @param transposed whether a 2-D weight is held as {@code [in, out]} (the checkpoint stores {@code [out, in]})
     */
    record Live(NDArray array, boolean transposed) {}

    /**
     * @param ldmKey a checkpoint weight key
     * @return the live array holding that weight, or empty if the model has no such weight
     */
    Optional<Live> weight(String ldmKey);

    /**
     * @param ldmKey a checkpoint weight key
     * @return the weight exactly as loaded from the checkpoint (widened to float32), in checkpoint layout
     */
    float[] original(String ldmKey);
}
