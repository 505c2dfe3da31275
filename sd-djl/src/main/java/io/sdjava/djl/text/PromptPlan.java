package io.sdjava.djl.text;

import io.sdjava.djl.prompt.ExtraNetworkTag;
import io.sdjava.djl.prompt.PromptSchedule;
import io.sdjava.djl.prompt.SubPrompt;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the text encoder needs for one prompt: the extra networks it activates, its AND parts with their
 * schedules, and the chunk layout of every distinct scheduled text.
 *
 * @param cleanedPrompt the prompt with extra-network tags removed (the literal prompt for a negative prompt)
 * @param networks the extra-network tags, in prompt order (always empty for a negative prompt)
 * @param parts the AND parts (exactly one for a negative prompt), each with its schedule
 * @param texts the layout of every distinct scheduled text, in first-use order
 */
public record PromptPlan(String cleanedPrompt, List<ExtraNetworkTag> networks, List<Part> parts,
        Map<String, ChunkLayout> texts) {
    /** Copies the collections. */
    public PromptPlan {
        networks = List.copyOf(networks);
        parts = List.copyOf(parts);
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /**
     * One AND part.
     *
     * @param subPrompt its text and weight
     * @param schedule its prompt-editing schedule
     */
    public record Part(SubPrompt subPrompt, PromptSchedule schedule) {}
}
