package io.sdjava.samples.cli;

/** Turns exceptions and untrusted strings into single printable lines. */
final class OneLine {
    private OneLine() {}

    /** @return the exception's message (or its type when it has none), on one line */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (!(t instanceof io.sdjava.SdException || t instanceof CliException)) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        return sanitize(message, 2000);
    }

    /**
     * Replaces control characters (newlines, terminal escape sequences from a hostile file) with {@code ?} and
     * cuts the text to {@code max} characters.
     */
    static String sanitize(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 32));
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) || (c >= 0x2028 && c <= 0x2029) ? '?' : c);
        }
        if (text.length() > max) {
            sb.append("... (").append(text.length()).append(" chars)");
        }
        return sb.toString();
    }
}
