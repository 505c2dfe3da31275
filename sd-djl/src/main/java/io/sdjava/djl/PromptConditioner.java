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

    /**
     * The Hires. fix second pass's conditioning: prompt editing counts steps from the start of the first pass and
     * fractions from 1.0 (A1111's {@code hires_steps}, see {@code PromptSchedule.hires}). The default ignores the
     * first pass and schedules over the hires calls only.
     *
     * @param hiresRequest the request carrying the hires prompts
     * @param firstPassSteps the first pass's denoiser calls (A1111's {@code firstpass_steps})
     * @param hiresSteps the second pass's denoiser calls (A1111's hires {@code total_steps})
     * @param generation the generation's manager, owner of the arrays
     * @return the conditioning
     */
    default Conditioning encodeHires(GenerationRequest hiresRequest, int firstPassSteps, int hiresSteps,
            NDManager generation) {
        return encode(hiresRequest, hiresSteps, generation);
    }
}
