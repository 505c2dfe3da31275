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
     * @param request the request (prompt, negative prompt, CLIP skip)
     * @param scheduleSteps the denoiser calls prompt editing counts over (A1111's {@code total_steps})
     * @param generation the generation's manager, owner of the arrays
     * @return the conditioning
     */
    Conditioning encode(GenerationRequest request, int scheduleSteps, NDManager generation);
}
