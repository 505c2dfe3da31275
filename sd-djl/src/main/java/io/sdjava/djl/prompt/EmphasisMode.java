package io.sdjava.djl.prompt;

import io.sdjava.Emphasis;
import io.sdjava.InvalidRequestException;
import java.util.Arrays;

/** A1111's "Emphasis mode" setting: how the attention weights of a prompt act on the CLIP output. */
public enum EmphasisMode {
    /** Multiply by the weights, then restore the batch mean (the default). */
    ORIGINAL("Original"),
    /** Multiply by the weights without restoring the mean. */
    NO_NORM("No norm"),
    /** Parse the brackets but leave the CLIP output unchanged. */
    IGNORE("Ignore"),
    /** Do not parse brackets at all: they are literal text and every weight is 1.0. */
    NONE("None");

    private final String displayName;

    EmphasisMode(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name A1111 shows and writes to infotext */
    public String displayName() {
        return displayName;
    }

    /**
     * @param emphasis the public API's mode
     * @return the same mode
     */
    public static EmphasisMode of(Emphasis emphasis) {
        return valueOf(emphasis.name());
    }

    /**
     * @param name an A1111 display name ({@code "Original"}, {@code "No norm"}, {@code "Ignore"}, {@code "None"})
     * @return the mode
     * @throws InvalidRequestException if the name is unknown
     */
    public static EmphasisMode fromName(String name) {
        return Arrays.stream(values()).filter(m -> m.displayName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("unknown emphasis mode '" + name
                        + "', allowed: Original, No norm, Ignore, None"));
    }
}
