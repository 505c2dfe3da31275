package io.sdjava.djl.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's composable diffusion syntax for positive prompts: {@code a cat :0.7 AND a dog :1.3}. The prompt is split on
 * the whole word {@code AND} (case-sensitive); each part may end with {@code :weight}. Stateless and thread-safe.
 */
public final class ComposablePrompt {
    private static final Pattern AND = Pattern.compile("\\bAND\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WEIGHT = Pattern.compile(
            "^(.*?)(?:\\s*:\\s*([-+]?(?:\\d+\\.?|\\d*\\.\\d+)))?\\s*$",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    private ComposablePrompt() {}

    /**
     * @param prompt a positive prompt with extra networks already removed
     * @return its parts in order (one part when there is no {@code AND})
     */
    public static List<SubPrompt> split(String prompt) {
        List<SubPrompt> parts = new ArrayList<>();
        for (String part : splitOnAnd(prompt)) {
            Matcher m = WEIGHT.matcher(part);
            if (!m.find()) {
                parts.add(new SubPrompt(part, 1.0));
                continue;
            }
            String weight = m.group(2);
            parts.add(new SubPrompt(m.group(1), weight == null ? 1.0 : parseWeight(weight)));
        }
        return parts;
    }

    /** Python's {@code re.split}: keeps empty leading and trailing parts. */
    private static List<String> splitOnAnd(String prompt) {
        List<String> parts = new ArrayList<>();
        Matcher m = AND.matcher(prompt);
        int start = 0;
        while (m.find()) {
            parts.add(prompt.substring(start, m.start()));
            start = m.end();
        }
        parts.add(prompt.substring(start));
        return parts;
    }

    private static double parseWeight(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        text.codePoints().forEach(c -> ascii.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10))
                : (char) c));
        return Double.parseDouble(ascii.toString());
    }
}
