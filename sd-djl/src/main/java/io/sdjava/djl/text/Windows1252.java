package io.sdjava.djl.text;

/**
 * ftfy's "sloppy windows-1252": bytes 0x80-0x9F as windows-1252, its five undefined bytes as the C1 control
 * characters of the same value, and every other byte as Latin-1.
 */
final class Windows1252 {
    private static final String HIGH = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039"
            + "\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A"
            + "\u0153\u009D\u017E\u0178";

    private Windows1252() {}

    /** @return the character of byte {@code b} (0-255) */
    static char toChar(int b) {
        return b >= 0x80 && b <= 0x9F ? HIGH.charAt(b - 0x80) : (char) b;
    }

    /** @return the byte (0-255) that encodes {@code c}, or -1 when {@code c} has none */
    static int toByte(char c) {
        if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
            return c;
        }
        int i = HIGH.indexOf(c);
        return i < 0 ? -1 : 0x80 + i;
    }
}
