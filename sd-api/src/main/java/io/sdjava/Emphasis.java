package io.sdjava;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A1111's "Emphasis mode" setting: how the attention weights of a prompt ({@code (word:1.2)}, {@code [word]})
 * act on the text encoder's output. A1111 writes {@code Emphasis: <name>} to the infotext when the mode is not
 * {@link #ORIGINAL} and a prompt contains {@code (} or {@code [}.
 */
public enum Emphasis {
    /** Multiply by the weights, then restore the mean of the chunk (A1111's default). */
    ORIGINAL("Original"),
    /** Multiply by the weights without restoring the mean. */
    NO_NORM("No norm"),
    /** Parse the brackets but leave the text encoder's output unchanged. */
    IGNORE("Ignore"),
    /** Do not parse brackets at all: they are literal text and every weight is 1.0. */
    NONE("None");

    private final String displayName;

    Emphasis(String displayName) {
        this.displayName = displayName;
    }

    /** @return the name A1111 shows in its settings and writes to the infotext, e.g. {@code "No norm"} */
    public String displayName() {
        return displayName;
    }

    /**
     * @param name an A1111 display name ({@code "Original"}, {@code "No norm"}, {@code "Ignore"}, {@code "None"}) or
     *     a constant name ({@code "NO_NORM"}); case-insensitive, surrounding blanks ignored
     * @return the mode
     * @throws InvalidRequestException naming the value and the allowed names if it is unknown
     */
    public static Emphasis fromName(String name) {
        String wanted = name == null ? "" : name.trim();
        return Arrays.stream(values())
                .filter(m -> m.displayName.equalsIgnoreCase(wanted) || m.name().equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidRequestException("unknown emphasis mode '" + name + "'; allowed: "
                        + allowedNames()));
    }

    private static String allowedNames() {
        return Arrays.stream(values()).map(Emphasis::displayName).collect(Collectors.joining(", "));
    }
}
