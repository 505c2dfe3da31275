package io.sdjava.djl.prompt;

/**
 * One fragment of a parsed prompt and its attention weight. A {@code BREAK} keyword is the fragment
 * {@code ("BREAK", -1.0)}, exactly as in A1111 (a BREAK inside brackets gets its weight multiplied too, and then
 * no longer counts as a BREAK).
 *
 * @param text the fragment text
 * @param weight the attention weight (a product of the bracket multipliers, as doubles)
 */
public record WeightedText(String text, double weight) {
    /** The fragment text that marks a chunk break. */
    public static final String BREAK = "BREAK";

    /** @return whether this fragment closes the current 75-token chunk */
    public boolean isBreak() {
        return BREAK.equals(text) && weight == -1.0;
    }
}
