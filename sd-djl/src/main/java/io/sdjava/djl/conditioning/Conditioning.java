package io.sdjava.djl.conditioning;

import java.util.List;
import java.util.Objects;

/**
 * What the guided denoiser needs for one batch: the positive prompt's {@code AND} parts (A1111's composable
 * diffusion; a plain prompt is one part of weight 1), each with its schedule, and the negative prompt's
 * schedule. Every image of the batch uses the same prompts.
 *
 * @param parts the positive prompt's parts, at least one
 * @param uncond the negative prompt
 * @param embeddingsUsed the textual-inversion embeddings the prompts used, in first-use order (positive first)
 * @param bracketsInTexts whether a text the encoder saw (after extra-network tags were removed and prompt editing
 *     resolved) contains {@code (} or {@code [}: A1111 then writes a non-default emphasis mode to the infotext
 */
public record Conditioning(List<Part> parts, CondSchedule uncond, List<String> embeddingsUsed,
        boolean bracketsInTexts) {
    /**
     * Checks and copies.
     *
     * @param parts see {@link #parts()}
     * @param uncond see {@link #uncond()}
     * @param embeddingsUsed see {@link #embeddingsUsed()}
     * @param bracketsInTexts see {@link #bracketsInTexts()}
     */
    public Conditioning {
        parts = List.copyOf(parts);
        embeddingsUsed = List.copyOf(embeddingsUsed);
        Objects.requireNonNull(uncond, "uncond");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a prompt has at least one part");
        }
    }

    /**
     * A conditioning whose texts had no brackets.
     *
     * @param parts see {@link #parts()}
     * @param uncond see {@link #uncond()}
     * @param embeddingsUsed see {@link #embeddingsUsed()}
     */
    public Conditioning(List<Part> parts, CondSchedule uncond, List<String> embeddingsUsed) {
        this(parts, uncond, embeddingsUsed, false);
    }

    /**
     * @param cond the positive prompt's schedule
     * @param uncond the negative prompt's schedule
     * @return a conditioning with a single part of weight 1
     */
    public static Conditioning of(CondSchedule cond, CondSchedule uncond) {
        return new Conditioning(List.of(new Part(cond, 1.0)), uncond, List.of());
    }

    /**
     * One {@code AND} part of the positive prompt.
     *
     * @param schedule its conditioning over the steps
     * @param weight its weight ({@code AND part :1.2}), multiplied with the CFG scale
     */
    public record Part(CondSchedule schedule, double weight) {
        /**
         * Checks for null.
         *
         * @param schedule see {@link #schedule()}
         * @param weight see {@link #weight()}
         */
        public Part {
            Objects.requireNonNull(schedule, "schedule");
        }
    }
}
