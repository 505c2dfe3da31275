package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.GenerationRequest;
import io.sdjava.djl.conditioning.CondSchedule;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.prompt.PromptSchedule;
import io.sdjava.djl.prompt.ScheduleEntry;
import io.sdjava.djl.text.ChunkLayout;
import io.sdjava.djl.text.EmbeddingVocabulary;
import io.sdjava.djl.text.PromptChunker;
import io.sdjava.djl.text.PromptPlan;
import io.sdjava.djl.text.PromptPlanner;
import io.sdjava.djl.text.TokenEncoder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Stage 2 as A1111's {@code get_multicond_learned_conditioning} / {@code get_learned_conditioning}: the positive
 * prompt's extra-network tags removed, split on {@code AND}, each part's prompt-editing schedule encoded as one batch
 * of texts; the negative prompt likewise (no {@code AND}). The request's emphasis mode and comma padding backtrack
 * choose the chunk layout and the emphasis step; one planner per combination is made on first use and kept.
 * Thread-safe.
 */
public final class TextPromptConditioner implements PromptConditioner {
    private final TokenEncoder encoder;
    private final EmbeddingVocabulary embeddings;
    private final TextConditioner text;
    private final Map<Settings, PromptPlanner> planners = new ConcurrentHashMap<>();

    private record Settings(EmphasisMode emphasis, int commaBacktrack) {}

    /**
     * @param encoder the CLIP tokenizer
     * @param embeddings the textual-inversion embeddings prompts may name
     * @param text encodes layouts
     */
    public TextPromptConditioner(TokenEncoder encoder, EmbeddingVocabulary embeddings, TextConditioner text) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.text = Objects.requireNonNull(text, "text");
    }

    @Override
    public Conditioning encode(GenerationRequest request, int calls, NDManager generation) {
        return encode(request, text -> PromptSchedule.of(text, calls), generation);
    }

    @Override
    public Conditioning encodeHires(GenerationRequest hiresRequest, int firstPassSteps, int hiresSteps,
            NDManager generation) {
        return encode(hiresRequest, text -> PromptSchedule.hires(text, firstPassSteps, hiresSteps), generation);
    }

    private Conditioning encode(GenerationRequest request, Function<String, PromptSchedule> scheduler,
            NDManager generation) {
        EmphasisMode emphasis = EmphasisMode.of(request.emphasis());
        PromptPlanner planner = planners.computeIfAbsent(new Settings(emphasis, request.commaPaddingBacktrack()),
                s -> new PromptPlanner(new PromptChunker(encoder, embeddings, s.emphasis(), s.commaBacktrack())));
        PromptPlan positive = planner.positive(request.prompt(), scheduler);
        PromptPlan negative = planner.negative(request.negativePrompt(), scheduler);
        Encoding how = new Encoding(planner, request.clipSkip(), emphasis);
        List<Conditioning.Part> parts = new ArrayList<>();
        for (PromptPlan.Part part : positive.parts()) {
            parts.add(new Conditioning.Part(schedule(positive, part, how, generation), part.subPrompt().weight()));
        }
        CondSchedule uncond = schedule(negative, negative.parts().get(0), how, generation);
        Set<String> used = new LinkedHashSet<>();
        boolean brackets = false;
        for (PromptPlan plan : List.of(positive, negative)) {
            plan.texts().values().forEach(layout -> layout.chunks().forEach(chunk -> chunk.slots()
                    .forEach(slot -> used.add(slot.name()))));
            brackets |= plan.texts().keySet().stream().anyMatch(t -> t.indexOf('(') >= 0 || t.indexOf('[') >= 0);
        }
        return new Conditioning(parts, uncond, List.copyOf(used), brackets);
    }

    /** Encodes every entry's text of one part's schedule in one batch, as A1111 does. */
    private CondSchedule schedule(PromptPlan plan, PromptPlan.Part part, Encoding how, NDManager generation) {
        List<ScheduleEntry> entries = part.schedule().entries();
        List<ChunkLayout> layouts = new ArrayList<>(entries.size());
        for (ScheduleEntry entry : entries) {
            ChunkLayout layout = plan.texts().get(entry.text());
            layouts.add(layout != null ? layout : how.planner().layout(entry.text()));
        }
        List<NDArray> conds = text.encode(layouts, how.clipSkip(), how.emphasis(), generation);
        List<CondSchedule.Entry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(new CondSchedule.Entry(entries.get(i).endStep(), conds.get(i)));
        }
        return new CondSchedule(out);
    }

    /** How one request's texts are laid out and encoded. */
    private record Encoding(PromptPlanner planner, int clipSkip, EmphasisMode emphasis) {}
}
