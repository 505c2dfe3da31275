package io.sdjava.djl.prompt;

import io.sdjava.djl.prompt.ScheduleSyntax.Alternate;
import io.sdjava.djl.prompt.ScheduleSyntax.Literal;
import io.sdjava.djl.prompt.ScheduleSyntax.Node;
import io.sdjava.djl.prompt.ScheduleSyntax.Scheduled;
import io.sdjava.djl.prompt.ScheduleSyntax.Sequence;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A1111's prompt-editing schedule of one prompt: {@code [a:b:when]}, {@code [a:when]}, {@code [a::when]} and
 * alternation {@code [a|b|c]}, nested freely. A number containing {@code .} is a fraction of the steps, otherwise a
 * step number. A prompt the grammar rejects is used unchanged for every step. For second-order samplers (Heun, DPM2,
 * DPM2 a, DPM++ 2S a, DPM++ SDE, Restart) build the schedule with twice the steps, as A1111 counts every model call.
 * Immutable.
 *
 * @param entries the entries in step order; the last ends at the step count
 */
public record PromptSchedule(List<ScheduleEntry> entries) {
    /** @param entries the entries in step order */
    public PromptSchedule {
        entries = List.copyOf(entries);
    }

    /**
     * @param prompt the prompt
     * @param steps the number of steps (denoiser calls) of the pass
     * @return the schedule with the new prompt-editing timelines
     */
    public static PromptSchedule of(String prompt, int steps) {
        return build(prompt, steps, 0, 0.0, false);
    }

    /**
     * The schedule of the hires-fix second pass: step numbers count from the start of the first pass and fractions
     * from 1.0 (so {@code [a:b:1.5]} switches half-way through the second pass).
     *
     * @param prompt the prompt
     * @param baseSteps the steps of the first pass
     * @param hiresSteps the steps of the second pass
     * @return the schedule of the second pass
     */
    public static PromptSchedule hires(String prompt, int baseSteps, int hiresSteps) {
        return build(prompt, hiresSteps, baseSteps, 1.0, false);
    }

    /**
     * The schedule with A1111's "old prompt editing timelines" option: a number below 1 is a fraction, anything
     * else a step number.
     *
     * @param prompt the prompt
     * @param steps the number of steps
     * @return the schedule
     */
    public static PromptSchedule oldTimelines(String prompt, int steps) {
        return build(prompt, steps, 0, 0.0, true);
    }

    /**
     * @param call the 0-based index of the denoiser call
     * @return the index of the entry used at that call: the first whose end step is at least {@code call}
     */
    public int entryIndexAt(int call) {
        for (int i = 0; i < entries.size(); i++) {
            if (call <= entries.get(i).endStep()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * @param call the 0-based index of the denoiser call
     * @return the prompt text used at that call
     */
    public String textAt(int call) {
        return entries.get(entryIndexAt(call)).text();
    }

    /** @return the distinct texts in schedule order */
    public List<String> distinctTexts() {
        return entries.stream().map(ScheduleEntry::text).distinct().toList();
    }

    private static PromptSchedule build(String prompt, int steps, int intOffset, double fltOffset, boolean old) {
        Optional<Node> tree = ScheduleSyntax.parse(prompt);
        if (tree.isEmpty()) {
            return new PromptSchedule(List.of(new ScheduleEntry(steps, prompt)));
        }
        Map<Scheduled, Integer> when = new IdentityHashMap<>();
        TreeSet<Integer> boundaries = new TreeSet<>(List.of(steps));
        collect(tree.get(), steps, intOffset, fltOffset, old, when, boundaries);
        List<ScheduleEntry> entries = new ArrayList<>();
        for (int t : boundaries) {
            StringBuilder text = new StringBuilder();
            render(tree.get(), t, when, text);
            entries.add(new ScheduleEntry(t, text.toString()));
        }
        return new PromptSchedule(entries);
    }

    private static void collect(Node node, int steps, int intOffset, double fltOffset, boolean old,
            Map<Scheduled, Integer> when, TreeSet<Integer> boundaries) {
        if (node instanceof Sequence s) {
            s.parts().forEach(p -> collect(p, steps, intOffset, fltOffset, old, when, boundaries));
        } else if (node instanceof Alternate a) {
            for (int t = 1; t <= steps; t++) {
                boundaries.add(t);
            }
            a.options().forEach(p -> collect(p, steps, intOffset, fltOffset, old, when, boundaries));
        } else if (node instanceof Scheduled s) {
            int w = switchStep(s.number(), steps, intOffset, fltOffset, old);
            when.put(s, w);
            if (w >= 1) {
                boundaries.add(w);
            }
            collect(s.before(), steps, intOffset, fltOffset, old, when, boundaries);
            collect(s.after(), steps, intOffset, fltOffset, old, when, boundaries);
        }
    }

    static int switchStep(String number, int steps, int intOffset, double fltOffset, boolean old) {
        double v = Double.parseDouble(number);
        if (old) {
            v = v < 1 ? v * steps : v;
        } else if (number.contains(".")) {
            v = (v - fltOffset) * steps;
        } else {
            v = v - intOffset;
        }
        return Math.min(steps, (int) v);
    }

    private static void render(Node node, int step, Map<Scheduled, Integer> when, StringBuilder out) {
        if (node instanceof Literal l) {
            out.append(l.text());
        } else if (node instanceof Sequence s) {
            s.parts().forEach(p -> render(p, step, when, out));
        } else if (node instanceof Alternate a) {
            render(a.options().get((step - 1) % a.options().size()), step, when, out);
        } else if (node instanceof Scheduled s) {
            render(step <= when.get(s) ? s.before() : s.after(), step, when, out);
        }
    }
}
