package io.sdjava.djl.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptScheduleTest {
    private static List<ScheduleEntry> entries(Object... pairs) {
        List<ScheduleEntry> out = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new ScheduleEntry((Integer) pairs[i], (String) pairs[i + 1]));
        }
        return out;
    }

    @Test
    void fractionsAndStepNumbers() {
        assertEquals(entries(10, "a cat on a table", 20, "a dog on a table"),
                PromptSchedule.of("a [cat:dog:0.5] on a table", 20).entries());
        assertEquals(entries(20, "a cat"), PromptSchedule.of("a [cat:dog:10.0]", 20).entries());
        assertEquals(entries(10, "a cat", 20, "a dog"), PromptSchedule.of("a [cat:dog:10]", 20).entries());
        assertEquals(entries(20, "a dog"), PromptSchedule.of("a [cat:dog:0]", 20).entries());
    }

    @Test
    void hiresOffsetsAndOldTimelines() {
        assertEquals(entries(5, "a cat", 10, "a dog"), PromptSchedule.hires("a [cat:dog:1.5]", 20, 10).entries());
        assertEquals(entries(10, "a dog"), PromptSchedule.hires("a [cat:dog:0.5]", 20, 10).entries());
        assertEquals(entries(1, "a cat", 20, "a dog"), PromptSchedule.oldTimelines("a [cat:dog:1.5]", 20).entries());
    }

    @Test
    void secondOrderSamplersUseDoubledCalls() {
        PromptSchedule s = PromptSchedule.of("a [cat:dog:0.5]", 2 * 20);
        assertEquals(entries(20, "a cat", 40, "a dog"), s.entries());
        assertEquals("a cat", s.textAt(20));
        assertEquals("a dog", s.textAt(21));
    }

    @Test
    void alternationNestingAndUnparseable() {
        PromptSchedule s = PromptSchedule.of("[a|[b|c]]", 4);
        assertEquals(List.of("a", "c", "a", "c"), s.entries().stream().map(ScheduleEntry::text).toList());
        assertEquals(entries(20, "[a|b"), PromptSchedule.of("[a|b", 20).entries());
        assertEquals(entries(3, "", 20, "(a:2)"), PromptSchedule.of("[(a:2):3]", 20).entries());
    }

    @Test
    void perCallEntryIsFirstEntryEndingAtOrAfterTheCall() {
        PromptSchedule s = PromptSchedule.of("[cat:dog:10]", 20);
        assertEquals(0, s.entryIndexAt(10));
        assertEquals(1, s.entryIndexAt(11));
    }

    @Test
    void longAndDeeplyNestedPromptsDoNotOverflow() {
        String deep = "(".repeat(5000) + "cat" + ")".repeat(5000);
        assertEquals(entries(20, deep), PromptSchedule.of(deep, 20).entries());
        String unbalanced = "[(".repeat(3000) + "cat";
        assertEquals(entries(20, unbalanced), PromptSchedule.of(unbalanced, 20).entries());
        String longPrompt = "a [cat:dog:5], ".repeat(2000) + " :1.5";
        assertEquals(2, PromptSchedule.of(longPrompt, 20).entries().size());
        assertEquals(List.of(new SubPrompt(longPrompt.substring(0, longPrompt.length() - 5).stripTrailing(), 1.5)),
                ComposablePrompt.split(longPrompt));
        assertEquals(1, AttentionParser.parse(deep).size());
    }
}
