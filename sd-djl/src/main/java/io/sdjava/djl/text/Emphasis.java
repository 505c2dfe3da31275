package io.sdjava.djl.text;

import ai.djl.ndarray.NDArray;
import io.sdjava.djl.prompt.EmphasisMode;

/**
 * Applies the attention multipliers to a batch of CLIP outputs as A1111's emphasis modes do ({@code sd_emphasis.py}).
 * "Original": {@code z * m}, then scaled so the mean over the whole batch (all texts encoded together) is restored;
 * "No norm": {@code z * m}; "Ignore" and "None": unchanged. Stateless and thread-safe.
 */
public final class Emphasis {
    private Emphasis() {}

    /**
     * @param z the CLIP output of one chunk batch, (B, 77, 768), float32
     * @param multipliers the chunk multipliers, (B, 77), float32 (A1111 casts the doubles to float32)
     * @param mode the emphasis mode
     * @return the weighted output on {@code z}'s manager (the input itself for "Ignore"/"None"; caller closes)
     */
    public static NDArray apply(NDArray z, NDArray multipliers, EmphasisMode mode) {
        if (mode == EmphasisMode.IGNORE || mode == EmphasisMode.NONE) {
            return z;
        }
        NDArray perToken = multipliers.expandDims(-1);
        NDArray weighted = z.mul(perToken);
        perToken.close();
        if (mode == EmphasisMode.NO_NORM) {
            return weighted;
        }
        NDArray originalMean = z.mean();
        NDArray newMean = weighted.mean();
        NDArray scale = originalMean.div(newMean);
        NDArray restored = weighted.mul(scale);
        weighted.close();
        originalMean.close();
        newMean.close();
        scale.close();
        return restored;
    }
}
