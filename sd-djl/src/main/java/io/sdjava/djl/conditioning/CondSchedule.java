package io.sdjava.djl.conditioning;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * The conditioning of one prompt over the sampling steps (A1111's list of {@code ScheduledPromptConditioning}):
 * entry k applies up to and including step {@code endAtStep}. A prompt without {@code [a:b:when]} editing has one
 * entry. The arrays belong to the generation's manager.
 *
 * @param entries the entries, in ascending {@code endAtStep}; the last one applies to every later step
 */
public record CondSchedule(List<Entry> entries) {
    /**
     * Checks and copies.
     *
     * @param entries see {@link #entries()}
     */
    public CondSchedule {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a conditioning schedule has at least one entry");
        }
    }

    /**
     * @param cond the conditioning for every step
     * @return a one-entry schedule
     */
    public static CondSchedule constant(NDArray cond) {
        return new CondSchedule(List.of(new Entry(Integer.MAX_VALUE, cond)));
    }

    /**
     * A1111's {@code reconstruct_cond_batch}: the first entry whose end step is at least {@code step}, else the
     * first.
     *
     * @param step the denoiser call counter
     * @return the entry's index
     */
    public int indexAt(int step) {
        for (int i = 0; i < entries.size(); i++) {
            if (step <= entries.get(i).endAtStep()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * One scheduled conditioning.
     *
     * @param endAtStep the last step it applies to
     * @param cond {@code [1, tokens, width]}
     */
    public record Entry(int endAtStep, NDArray cond) {
        /**
         * Checks for null.
         *
         * @param endAtStep see {@link #endAtStep()}
         * @param cond see {@link #cond()}
         */
        public Entry {
            Objects.requireNonNull(cond, "cond");
        }
    }
}
