package io.sdjava.djl;

import ai.djl.ndarray.NDManager;
import io.sdjava.GenerationRequest;
import io.sdjava.djl.conditioning.Conditioning;

/**
 * Stage 2 of a generation: the request's prompts (A1111 syntax: emphasis, {@code BREAK}, {@code [a:b:when]},
 * {@code AND}, textual inversion) to conditioning over the sampling steps.
 */
@FunctionalInterface
public interface PromptConditioner {
    /**
     * @param request the request (prompt, negative prompt, steps, CLIP skip)
     * @param generation the generation's manager, owner of the arrays
     * @return the conditioning
     */
    Conditioning encode(GenerationRequest request, NDManager generation);
}
