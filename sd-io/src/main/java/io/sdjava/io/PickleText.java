package io.sdjava.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Decodes the text and integer arguments of pickle opcodes, with Python's limits and error texts. */
final class PickleText {
    /** Python's default limit for converting decimal text to an int ({@code sys.set_int_max_str_digits}). */
    static final int MAX_DECIMAL_DIGITS = 4300;

    private PickleText() {}

    static long memoIndex(String line) {
        String t = line.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            throw Unpickler.corrupt("invalid memo index '" + Unpickler.shorten(t) + "'");
        }
        return Long.parseLong(t);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static Object longOf(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] be = new byte[littleEndian.length];
        for (int i = 0; i < be.length; i++) {
            be[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    static Object textInt(String s) {
        String t = s.trim();
        if (t.equals("00")) {
            return Boolean.FALSE;
        }
        if (t.equals("01")) {
            return Boolean.TRUE;
        }
        return textLong(t);
    }

    static Object textLong(String s) {
        String t = s.trim();
        if (t.endsWith("L")) {
            t = t.substring(0, t.length() - 1);
        }
        int digits = t.length() - (t.startsWith("-") || t.startsWith("+") ? 1 : 0);
        if (digits > MAX_DECIMAL_DIGITS) {
            throw Unpickler.corrupt("Exceeds the limit (" + MAX_DECIMAL_DIGITS
                    + " digits) for integer string conversion");
        }
        try {
            BigInteger v = new BigInteger(t);
            return v.bitLength() < 64 ? (Object) v.longValue() : v;
        } catch (NumberFormatException e) {
            throw Unpickler.corrupt("invalid literal for int(): '" + Unpickler.shorten(t) + "'");
        }
    }

    static Double textFloat(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw Unpickler.corrupt("could not convert string to float: '" + Unpickler.shorten(s) + "'");
        }
    }

    static String rawUnicodeEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String pythonStringLiteral(String s) {
        String t = s.trim();
        if (t.length() < 2 || (t.charAt(0) != '\'' && t.charAt(0) != '"') || t.charAt(t.length() - 1) != t.charAt(0)) {
            throw Unpickler.corrupt("the STRING opcode argument must be quoted");
        }
        String body = t.substring(1, t.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x' -> {
                    if (i + 2 >= body.length() + 0 && i + 2 > body.length()) {
                        throw Unpickler.corrupt("invalid \\x escape");
                    }
                    out.append((char) Integer.parseInt(body.substring(i + 1, Math.min(i + 3, body.length())), 16));
                    i += 2;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
