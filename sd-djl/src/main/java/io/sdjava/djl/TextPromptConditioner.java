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
import io.sdjava.djl.text.PromptPlan;
import io.sdjava.djl.text.PromptPlanner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.function.Function;

/**
 * Stage 2 as A1111's {@code get_multicond_learned_conditioning} / {@code get_learned_conditioning}: the positive
 * prompt's extra-network tags removed, split on {@code AND}, each part's prompt-editing schedule encoded as one batch
 * of texts; the negative prompt likewise (no {@code AND}). Thread-safe.
 */
public final class TextPromptConditioner implements PromptConditioner {
    private final PromptPlanner planner;
    private final TextConditioner text;
    private final EmphasisMode emphasis;

    /**
     * @param planner parses prompts into chunk layouts
     * @param text encodes layouts
     * @param emphasis the emphasis mode (A1111 setting, default "Original")
     */
    public TextPromptConditioner(PromptPlanner planner, TextConditioner text, EmphasisMode emphasis) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.text = Objects.requireNonNull(text, "text");
        this.emphasis = Objects.requireNonNull(emphasis, "emphasis");
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
        PromptPlan positive = planner.positive(request.prompt(), scheduler);
        PromptPlan negative = planner.negative(request.negativePrompt(), scheduler);
        List<Conditioning.Part> parts = new ArrayList<>();
        for (PromptPlan.Part part : positive.parts()) {
            parts.add(new Conditioning.Part(schedule(positive, part, request.clipSkip(), generation),
                    part.subPrompt().weight()));
        }
        CondSchedule uncond = schedule(negative, negative.parts().get(0), request.clipSkip(), generation);
        Set<String> used = new LinkedHashSet<>();
        for (PromptPlan plan : List.of(positive, negative)) {
            plan.texts().values().forEach(layout -> layout.chunks().forEach(chunk -> chunk.slots()
                    .forEach(slot -> used.add(slot.name()))));
        }
        return new Conditioning(parts, uncond, List.copyOf(used));
    }

    /** Encodes every entry's text of one part's schedule in one batch, as A1111 does. */
    private CondSchedule schedule(PromptPlan plan, PromptPlan.Part part, int clipSkip, NDManager generation) {
        List<ScheduleEntry> entries = part.schedule().entries();
        List<ChunkLayout> layouts = new ArrayList<>(entries.size());
        for (ScheduleEntry entry : entries) {
            ChunkLayout layout = plan.texts().get(entry.text());
            layouts.add(layout != null ? layout : planner.layout(entry.text()));
        }
        List<NDArray> conds = text.encode(layouts, clipSkip, emphasis, generation);
        List<CondSchedule.Entry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(new CondSchedule.Entry(entries.get(i).endStep(), conds.get(i)));
        }
        return new CondSchedule(out);
    }
}
