package io.sdjava.tagger;

/** Which published rules turn scores into tags and a prompt string. */
public enum PromptRules {
    /**
     * The A1111 WD14 tagger extension (the default): one threshold ({@code >=}) for general and character tags,
     * ratings excluded, additional tags first, exclusions on raw names, optional alphabetical order, underscores to
     * spaces except kaomoji, optional escaping of {@code (}, {@code )} and {@code \}.
     */
    EXTENSION,
    /**
     * SmilingWolf's reference app: separate general and character thresholds compared with {@code >}, optional
     * MCut; the prompt holds the general tags only, with {@code (} and {@code )} escaped.
     */
    REFERENCE_APP
}
