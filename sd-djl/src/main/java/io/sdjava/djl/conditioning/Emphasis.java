package io.sdjava.djl.conditioning;

import io.sdjava.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A1111's "Emphasis mode" setting: how the multipliers of {@code (word:1.2)} act on the CLIP output. */
public enum Emphasis {
    /** Multiply, then rescale the chunk so its mean is unchanged (A1111 default). */
    ORIGINAL("Original"),
    /** Multiply only. */
    NO_NORM("No norm"),
    /** Brackets are parsed but their weights are dropped. */
    IGNORE("Ignore"),
    /** No parsing at all: brackets are literal text. */
    NONE("None");

    private final String label;

    Emphasis(String label) {
        this.label = label;
    }

    /** @return A1111's label, e.g. {@code "No norm"} */
    public String label() {
        return label;
    }

    /** @return whether the multipliers are applied to the encoder output */
    boolean multiplies() {
        return this == ORIGINAL || this == NO_NORM;
    }

    /**
     * @param label an A1111 label or enum name, case-insensitive
     * @return the mode
     * @throws InvalidRequestException naming the allowed labels
     */
    public static Emphasis parse(String label) {
        for (Emphasis e : values()) {
            if (e.label.equalsIgnoreCase(label.trim()) || e.name().equalsIgnoreCase(label.trim())) {
                return e;
            }
        }
        throw new InvalidRequestException("unknown emphasis mode '" + label + "'; allowed: "
                + Arrays.stream(values()).map(Emphasis::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
