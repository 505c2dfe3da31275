package io.sdjava.djl.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of {@code ftfy.fix_text} (ftfy 6.3 defaults) that A1111's CLIP tokenizer applies and {@code tokenizer.json}
 * lacks: HTML entities (only while no literal {@code <} has been seen, line by line), UTF-8 read as windows-1252
 * ({@code cafÃ©}), C1 controls, Latin ligatures, full-width characters, curly quotes, line breaks, terminal escapes,
 * control characters, NFC; repeated until nothing changes. ftfy's statistical mojibake detection is reduced to
 * "a windows-1252 run that is valid multi-byte UTF-8". Stateless and thread-safe.
 */
public final class ClipTextNormalizer {
    private static final Pattern HTML_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001b\\[((?:\\d|;)*)([a-zA-Z])");
    private static final Map<Character, String> LIGATURES = Map.ofEntries(
            Map.entry('\u0132', "IJ"), Map.entry('\u0133', "ij"), Map.entry('\u0149', "\u02BCn"),
            Map.entry('\u01F1', "DZ"), Map.entry('\u01F2', "Dz"), Map.entry('\u01F3', "dz"),
            Map.entry('\u01C4', "D\u017D"), Map.entry('\u01C5', "D\u017E"), Map.entry('\u01C6', "d\u017E"),
            Map.entry('\u01C7', "LJ"), Map.entry('\u01C8', "Lj"), Map.entry('\u01C9', "lj"),
            Map.entry('\u01CA', "NJ"), Map.entry('\u01CB', "Nj"), Map.entry('\u01CC', "nj"),
            Map.entry('\uFB00', "ff"), Map.entry('\uFB01', "fi"), Map.entry('\uFB02', "fl"),
            Map.entry('\uFB03', "ffi"), Map.entry('\uFB04', "ffl"), Map.entry('\uFB05', "\u017Ft"),
            Map.entry('\uFB06', "st"));
    private static final int MAX_ROUNDS = 8;

    private ClipTextNormalizer() {}

    /**
     * @param text raw prompt text
     * @return the text as ftfy would fix it (for the fixes listed above)
     */
    public static String fix(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int pos = 0;
        while (pos < text.length()) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            String segment = text.substring(pos, end);
            if (segment.indexOf('<') >= 0) {
                unescapeHtml = false;
            }
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String segment, boolean unescapeHtml) {
        String text = segment;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String before = text;
            if (unescapeHtml) {
                text = unescapeHtml(text);
            }
            text = fixMojibake(text);
            text = fixC1Controls(text);
            text = mapChars(text);
            text = text.replace("\r\n", "\n").replaceAll("[\r\u2028\u2029\u0085]", "\n");
            text = TERMINAL_ESCAPE.matcher(text).replaceAll("");
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) {
                break;
            }
        }
        return text;
    }

    static String unescapeHtml(String text) {
        Matcher m = HTML_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(HtmlEntities.decode(m.group()).orElse(m.group()));
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }

    /** Replaces each windows-1252 run that forms one valid multi-byte UTF-8 sequence by the decoded character. */
    static String fixMojibake(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int lead = Windows1252.toByte(text.charAt(i));
            int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
            String decoded = length > 0 && i + length <= text.length() ? decode(text, i, length) : null;
            if (decoded != null) {
                out.append(decoded);
                i += length;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String decode(String text, int from, int length) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            int b = Windows1252.toByte(text.charAt(from + k));
            if (b < 0 || (k > 0 && (b < 0x80 || b > 0xBF))) {
                return null;
            }
            bytes[k] = (byte) b;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String fixC1Controls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x80 && c <= 0x9F ? Windows1252.toChar(c) : c);
        }
        return out.toString();
    }

    /** Ligatures, character width (full-width to ASCII, half-width kana to full-width) and curly quotes. */
    private static String mapChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String ligature = LIGATURES.get(c);
            if (ligature != null) {
                out.append(ligature);
            } else if (c == '\u3000') {
                out.append(' ');
            } else if (c >= '\uFF01' && c < '\uFFF0') {
                out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
            } else if (c == '\u02BC' || (c >= '\u2018' && c <= '\u201B')) {
                out.append('\'');
            } else if (c >= '\u201C' && c <= '\u201F') {
                out.append('"');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String removeControlChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                    || (c >= '\u206A' && c <= '\u206F') || c == '\uFEFF' || (c >= '\uFFF9' && c <= '\uFFFC');
            if (!control) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
