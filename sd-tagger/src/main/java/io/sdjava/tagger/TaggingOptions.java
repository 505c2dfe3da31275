package io.sdjava.tagger;

import io.sdjava.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/**
 * How scores become tags and a prompt string. Immutable; build with {@link #builder()} ({@link #defaults()} = the
 * A1111 WD14 tagger extension's defaults).
 *
 * @param rules the rule set; default {@link PromptRules#EXTENSION}
 * @param threshold the threshold for general and character tags (extension, {@code >=}) or for general tags
 *     (reference app, {@code >}); default 0.35
 * @param characterThreshold the character threshold of the reference app ({@code >}); default 0.85
 * @param generalMcut reference app: replace {@code threshold} by the MCut of the general scores; default off
 * @param characterMcut reference app: replace {@code characterThreshold} by {@code max(0.15, MCut)} of the character
 *     scores; default off
 * @param additionalTags extension: tags put first at score 1.0; default none
 * @param excludeTags extension: raw tag names (with underscores, unescaped) never output; default none
 * @param sortAlphabetically extension: order by name instead of score; default off
 * @param replaceUnderscore replace {@code _} by a space in names not in {@code underscoreExcludes}; default on
 * @param underscoreExcludes names that keep their underscores; default {@link #KAOMOJI}
 * @param escapeTags extension: put a backslash before {@code (}, {@code )} and {@code \}; default off
 */
public record TaggingOptions(PromptRules rules, double threshold, double characterThreshold, boolean generalMcut,
        boolean characterMcut, List<String> additionalTags, List<String> excludeTags, boolean sortAlphabetically,
        boolean replaceUnderscore, List<String> underscoreExcludes, boolean escapeTags) {
    /** The extension's default {@code replace_underscore_excludes}: kaomoji that keep their underscores. */
    public static final List<String> KAOMOJI = List.of("0_0", "(o)_(o)", "+_+", "+_-", "._.", "<o>_<o>", "<|>_<|>",
            "=_=", ">_<", "3_3", "6_9", ">_o", "@_@", "^_^", "o_o", "u_u", "x_x", "|_|", "||_||");

    /**
     * Validates and copies.
     *
     * @param rules see {@link #rules()}
     * @param threshold see {@link #threshold()}
     * @param characterThreshold see {@link #characterThreshold()}
     * @param generalMcut see {@link #generalMcut()}
     * @param characterMcut see {@link #characterMcut()}
     * @param additionalTags see {@link #additionalTags()}
     * @param excludeTags see {@link #excludeTags()}
     * @param sortAlphabetically see {@link #sortAlphabetically()}
     * @param replaceUnderscore see {@link #replaceUnderscore()}
     * @param underscoreExcludes see {@link #underscoreExcludes()}
     * @param escapeTags see {@link #escapeTags()}
     * @throws InvalidRequestException if a threshold is outside 0..1
     */
    public TaggingOptions {
        Objects.requireNonNull(rules, "rules");
        checkThreshold("threshold", threshold);
        checkThreshold("characterThreshold", characterThreshold);
        additionalTags = List.copyOf(additionalTags);
        excludeTags = List.copyOf(excludeTags);
        underscoreExcludes = List.copyOf(underscoreExcludes);
    }

    private static void checkThreshold(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: 0..1");
        }
    }

    /** @return the extension's defaults (threshold 0.35, underscores replaced except kaomoji, no escaping) */
    public static TaggingOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rules = rules;
        b.threshold = threshold;
        b.characterThreshold = characterThreshold;
        b.generalMcut = generalMcut;
        b.characterMcut = characterMcut;
        b.additionalTags = additionalTags;
        b.excludeTags = excludeTags;
        b.sortAlphabetically = sortAlphabetically;
        b.replaceUnderscore = replaceUnderscore;
        b.underscoreExcludes = underscoreExcludes;
        b.escapeTags = escapeTags;
        return b;
    }

    /** Builder of {@link TaggingOptions}; not thread-safe. */
    public static final class Builder {
        private PromptRules rules = PromptRules.EXTENSION;
        private double threshold = 0.35;
        private double characterThreshold = 0.85;
        private boolean generalMcut;
        private boolean characterMcut;
        private List<String> additionalTags = List.of();
        private List<String> excludeTags = List.of();
        private boolean sortAlphabetically;
        private boolean replaceUnderscore = true;
        private List<String> underscoreExcludes = KAOMOJI;
        private boolean escapeTags;

        private Builder() {}

        /**
         * @param v see {@link TaggingOptions#rules()}
         * @return this
         */
        public Builder rules(PromptRules v) {
            rules = Objects.requireNonNull(v, "rules");
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#threshold()}
         * @return this
         */
        public Builder threshold(double v) {
            checkThreshold("threshold", v);
            threshold = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#characterThreshold()}
         * @return this
         */
        public Builder characterThreshold(double v) {
            checkThreshold("characterThreshold", v);
            characterThreshold = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#generalMcut()}
         * @return this
         */
        public Builder generalMcut(boolean v) {
            generalMcut = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#characterMcut()}
         * @return this
         */
        public Builder characterMcut(boolean v) {
            characterMcut = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#additionalTags()}
         * @return this
         */
        public Builder additionalTags(List<String> v) {
            additionalTags = List.copyOf(v);
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#excludeTags()}
         * @return this
         */
        public Builder excludeTags(List<String> v) {
            excludeTags = List.copyOf(v);
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#sortAlphabetically()}
         * @return this
         */
        public Builder sortAlphabetically(boolean v) {
            sortAlphabetically = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#replaceUnderscore()}
         * @return this
         */
        public Builder replaceUnderscore(boolean v) {
            replaceUnderscore = v;
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#underscoreExcludes()}
         * @return this
         */
        public Builder underscoreExcludes(List<String> v) {
            underscoreExcludes = List.copyOf(v);
            return this;
        }

        /**
         * @param v see {@link TaggingOptions#escapeTags()}
         * @return this
         */
        public Builder escapeTags(boolean v) {
            escapeTags = v;
            return this;
        }

        /** @return the options */
        public TaggingOptions build() {
            return new TaggingOptions(rules, threshold, characterThreshold, generalMcut, characterMcut,
                    additionalTags, excludeTags, sortAlphabetically, replaceUnderscore, underscoreExcludes,
                    escapeTags);
        }
    }
}
