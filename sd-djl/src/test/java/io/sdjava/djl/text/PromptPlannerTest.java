package io.sdjava.djl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.InvalidPromptException;
import io.sdjava.djl.prompt.PromptSchedule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptPlannerTest {
    /** One id per character: enough to check which texts get laid out. */
    private static final TokenEncoder CHARS = texts -> texts.stream()
            .map(t -> t.chars().filter(c -> c != ' ').toArray()).toList();
    private final PromptPlanner planner = new PromptPlanner(PromptChunker.withDefaults(CHARS,
            EmbeddingVocabulary.NONE));

    @Test
    void positivePromptStripsNetworksSplitsAndSchedules() {
        PromptPlan plan = planner.positive("<lora:foo:0.5>a [b:c:2] AND d :0.5", 4);
        assertEquals("a [b:c:2] AND d :0.5", plan.cleanedPrompt());
        assertEquals("lora", plan.networks().get(0).name());
        assertEquals(2, plan.parts().size());
        assertEquals(0.5, plan.parts().get(1).subPrompt().weight());
        assertEquals(List.of("a b", "a c", " d"), List.copyOf(plan.texts().keySet()));
        assertEquals("a c", plan.parts().get(0).schedule().textAt(3));
    }

    @Test
    void negativePromptKeepsTagsAndAnd() {
        PromptPlan plan = planner.negative("<lora:foo:0.5> x AND y", 4);
        assertEquals(List.of(), plan.networks());
        assertEquals(1, plan.parts().size());
        assertEquals(List.of("<lora:foo:0.5> x AND y"), List.copyOf(plan.texts().keySet()));
    }

    @Test
    void hiresSchedulerAndInvalidWeights() {
        PromptPlan plan = planner.positive("a [b:c:1.5]", t -> PromptSchedule.hires(t, 20, 10));
        assertEquals(Arrays.asList(5, 10), plan.parts().get(0).schedule().entries().stream()
                .map(e -> e.endStep()).toList());
        assertThrows(InvalidPromptException.class, () -> planner.positive("(cat:1.2.3)", 20));
    }
}
