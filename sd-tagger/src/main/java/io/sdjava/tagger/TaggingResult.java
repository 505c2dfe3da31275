package io.sdjava.tagger;

import io.sdjava.spi.Tag;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of tagging one image. Tag names are as they appear in the prompt (underscores replaced unless kept;
 * escaped only in {@link #tags()} and {@link #prompt()} when escaping is on).
 *
 * @param ratings every rating row (general, sensitive, questionable, explicit) with its score, in CSV order
 * @param characterTags the kept character tags, highest score first
 * @param generalTags the kept general tags, highest score first
 * @param tags the tags of the prompt, in prompt order (with additional tags at score 1.0 for the extension rules)
 * @param prompt the prompt string, tags joined with {@code ", "}
 * @param generalThreshold the general threshold used (after MCut, if on)
 * @param characterThreshold the character threshold used (after MCut, if on)
 */
public record TaggingResult(List<Tag> ratings, List<Tag> characterTags, List<Tag> generalTags, List<Tag> tags,
        String prompt, double generalThreshold, double characterThreshold) {
    /**
     * Copies the lists.
     *
     * @param ratings see {@link #ratings()}
     * @param characterTags see {@link #characterTags()}
     * @param generalTags see {@link #generalTags()}
     * @param tags see {@link #tags()}
     * @param prompt see {@link #prompt()}
     * @param generalThreshold see {@link #generalThreshold()}
     * @param characterThreshold see {@link #characterThreshold()}
     */
    public TaggingResult {
        ratings = List.copyOf(ratings);
        characterTags = List.copyOf(characterTags);
        generalTags = List.copyOf(generalTags);
        tags = List.copyOf(tags);
        Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * Appends this result's prompt string to a positive prompt, as the extension's "send to txt2img" does:
     * {@code request.toBuilder().prompt(result.extend(request.prompt())).build()}.
     *
     * @param positivePrompt the prompt to extend; {@code null} or blank gives the tags alone
     * @return {@code positivePrompt + ", " + prompt()}, without a dangling separator when either part is empty
     */
    public String extend(String positivePrompt) {
        String base = positivePrompt == null ? "" : positivePrompt.strip();
        if (prompt.isEmpty()) {
            return base;
        }
        if (base.isEmpty()) {
            return prompt;
        }
        return base.endsWith(",") ? base + " " + prompt : base + ", " + prompt;
    }
}
