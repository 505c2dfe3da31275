package io.sdjava;

/**
 * A prompt cannot be used as written, for example an attention weight that is not a number ({@code (cat:1.2.3)}).
 * A1111 fails the generation in the same places. The message quotes the offending text and its position.
 */
public class InvalidPromptException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** The offending text as written in the prompt. */
    private final String offendingText;
    /** Character index of the offending text in the prompt. */
    private final int position;

    /**
     * @param message what went wrong, quoting the offending text
     * @param offendingText the offending part of the prompt
     * @param position the character index of {@code offendingText} in the prompt
     */
    public InvalidPromptException(String message, String offendingText, int position) {
        super(message);
        this.offendingText = offendingText;
        this.position = position;
    }

    /** @return the offending part of the prompt, as written */
    public String offendingText() {
        return offendingText;
    }

    /** @return the character index of {@link #offendingText()} in the prompt */
    public int position() {
        return position;
    }
}
