package io.sdjava.djl.text;

import io.sdjava.djl.prompt.ComposablePrompt;
import io.sdjava.djl.prompt.ExtraNetworks;
import io.sdjava.djl.prompt.PromptSchedule;
import io.sdjava.djl.prompt.SubPrompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs A1111's prompt pipeline. Positive prompts: extra-network tags are removed, the rest is split on {@code AND},
 * every part gets its schedule, and every distinct scheduled text its chunk layout. Negative prompts keep their tags
 * as text and are not split on {@code AND}. Thread-safe when its chunker is.
 */
public final class PromptPlanner {
    private final PromptChunker chunker;

    /** @param chunker the chunk layout to use */
    public PromptPlanner(PromptChunker chunker) {
        this.chunker = chunker;
    }

    /**
     * @param prompt the positive prompt as the user wrote it
     * @param steps the denoiser calls of the pass (twice the steps for second-order samplers)
     * @return the plan
     * @throws io.sdjava.InvalidPromptException if an attention weight is invalid
     */
    public PromptPlan positive(String prompt, int steps) {
        return positive(prompt, text -> PromptSchedule.of(text, steps));
    }

    /**
     * @param prompt the positive prompt as the user wrote it
     * @param scheduler builds the schedule of one part (for example {@link PromptSchedule#hires})
     * @return the plan
     * @throws io.sdjava.InvalidPromptException if an attention weight is invalid
     */
    public PromptPlan positive(String prompt, Function<String, PromptSchedule> scheduler) {
        ExtraNetworks.Parsed parsed = ExtraNetworks.parse(prompt);
        List<PromptPlan.Part> parts = new ArrayList<>();
        for (SubPrompt sub : ComposablePrompt.split(parsed.cleanedPrompt())) {
            parts.add(new PromptPlan.Part(sub, scheduler.apply(sub.text())));
        }
        return new PromptPlan(parsed.cleanedPrompt(), parsed.networks(), parts, layouts(parts));
    }

    /**
     * @param prompt the negative prompt as the user wrote it
     * @param steps the denoiser calls of the pass
     * @return the plan (one part of weight 1.0, no networks)
     * @throws io.sdjava.InvalidPromptException if an attention weight is invalid
     */
    public PromptPlan negative(String prompt, int steps) {
        return negative(prompt, text -> PromptSchedule.of(text, steps));
    }

    /**
     * @param prompt the negative prompt as the user wrote it
     * @param scheduler builds its schedule (for example {@link PromptSchedule#hires})
     * @return the plan (one part of weight 1.0, no networks)
     * @throws io.sdjava.InvalidPromptException if an attention weight is invalid
     */
    public PromptPlan negative(String prompt, Function<String, PromptSchedule> scheduler) {
        List<PromptPlan.Part> parts = List.of(new PromptPlan.Part(new SubPrompt(prompt, 1.0), scheduler.apply(prompt)));
        return new PromptPlan(prompt, List.of(), parts, layouts(parts));
    }

    /**
     * @param text one scheduled text
     * @return its layout
     */
    public ChunkLayout layout(String text) {
        return chunker.layout(text);
    }

    private Map<String, ChunkLayout> layouts(List<PromptPlan.Part> parts) {
        Map<String, ChunkLayout> texts = new LinkedHashMap<>();
        for (PromptPlan.Part part : parts) {
            for (String text : part.schedule().distinctTexts()) {
                texts.computeIfAbsent(text, chunker::layout);
            }
        }
        return texts;
    }
}
