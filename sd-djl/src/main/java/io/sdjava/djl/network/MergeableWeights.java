package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/** The model weights networks merge into: live float32 arrays in LDM layout, and their checkpoint values. */
interface MergeableWeights {
    /**
     * @param ldmKey a checkpoint weight key
     * @return the live array holding that weight, in the checkpoint's shape, or empty if the model has no such weight
     */
    Optional<NDArray> weight(String ldmKey);

    /**
     * @param ldmKey a checkpoint weight key
     * @return the weight exactly as loaded from the checkpoint (widened to float32)
     */
    float[] original(String ldmKey);
}
