package io.sdjava.djl.prompt;

import io.sdjava.InvalidPromptException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1111's attention (emphasis) syntax: {@code (x)} multiplies by 1.1, {@code [x]} by 1/1.1, {@code (x:1.3)} by 1.3,
 * {@code \( \) \[ \] \\} are literal, {@code BREAK} (whole word, upper case) splits chunks. Unbalanced brackets are
 * closed at the end; adjacent fragments of exactly equal weight are merged. Stateless and thread-safe.
 */
public final class AttentionParser {
    private static final Pattern TOKEN = Pattern.compile(
            "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);
    /** Multiplier of one pair of round brackets. */
    public static final double ROUND = 1.1;
    /** Multiplier of one pair of square brackets. */
    public static final double SQUARE = 1 / 1.1;

    private AttentionParser() {}

    /**
     * @param prompt one line of prompt text (after extra-network removal and AND splitting)
     * @return the fragments in order, never empty ({@code [("", 1.0)]} for an empty prompt)
     * @throws InvalidPromptException if an explicit weight is not a number, such as {@code (cat:1.2.3)}
     */
    public static List<WeightedText> parse(String prompt) {
        List<String> texts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        Deque<Integer> round = new ArrayDeque<>();
        Deque<Integer> square = new ArrayDeque<>();
        Matcher m = TOKEN.matcher(prompt);
        while (m.find()) {
            String token = m.group();
            String weight = m.group(1);
            if (token.startsWith("\\")) {
                texts.add(token.substring(1));
                weights.add(1.0);
            } else if (token.equals("(")) {
                round.push(texts.size());
            } else if (token.equals("[")) {
                square.push(texts.size());
            } else if (weight != null && !round.isEmpty()) {
                multiply(weights, round.pop(), number(prompt, weight, m.start(1)));
            } else if (token.equals(")") && !round.isEmpty()) {
                multiply(weights, round.pop(), ROUND);
            } else if (token.equals("]") && !square.isEmpty()) {
                multiply(weights, square.pop(), SQUARE);
            } else {
                addPlain(token, texts, weights);
            }
        }
        // Python iterates the stacks bottom-up (list order)
        round.descendingIterator().forEachRemaining(pos -> multiply(weights, pos, ROUND));
        square.descendingIterator().forEachRemaining(pos -> multiply(weights, pos, SQUARE));
        if (texts.isEmpty()) {
            return List.of(new WeightedText("", 1.0));
        }
        return merge(texts, weights);
    }

    private static void addPlain(String token, List<String> texts, List<Double> weights) {
        Matcher b = BREAK.matcher(token);
        int start = 0;
        while (b.find()) {
            texts.add(token.substring(start, b.start()));
            weights.add(1.0);
            texts.add(WeightedText.BREAK);
            weights.add(-1.0);
            start = b.end();
        }
        texts.add(token.substring(start));
        weights.add(1.0);
    }

    private static void multiply(List<Double> weights, int from, double multiplier) {
        for (int p = from; p < weights.size(); p++) {
            weights.set(p, weights.get(p) * multiplier);
        }
    }

    private static List<WeightedText> merge(List<String> texts, List<Double> weights) {
        List<WeightedText> out = new ArrayList<>();
        StringBuilder text = new StringBuilder(texts.get(0));
        double weight = weights.get(0);
        for (int i = 1; i < texts.size(); i++) {
            // Python's == on floats: -0.0 == 0.0, NaN never equal
            if (weights.get(i) == weight) {
                text.append(texts.get(i));
            } else {
                out.add(new WeightedText(text.toString(), weight));
                text = new StringBuilder(texts.get(i));
                weight = weights.get(i);
            }
        }
        out.add(new WeightedText(text.toString(), weight));
        return out;
    }

    /** Python's {@code float()} on the matched {@code [+-]?[.\d]+} (Unicode digits allowed, as in Python). */
    static double number(String prompt, String text, int position) {
        StringBuilder ascii = new StringBuilder(text.length());
        text.codePoints().forEach(c -> ascii.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10))
                : (char) c));
        String s = ascii.toString();
        int dot = s.indexOf('.');
        boolean valid = s.chars().anyMatch(Character::isDigit) && (dot < 0 || s.indexOf('.', dot + 1) < 0);
        if (valid) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new InvalidPromptException("invalid attention weight '" + text + "' at position " + position
                + " of the prompt: " + excerpt(prompt, position, text.length())
                + " (expected a number such as (word:1.2))", text, position);
    }

    /** The prompt around the offending text, from its opening bracket when that is near. */
    static String excerpt(String prompt, int position, int length) {
        int bracket = prompt.lastIndexOf('(', position);
        int from = bracket >= 0 && position - bracket <= 40 ? bracket : Math.max(0, position - 20);
        int to = Math.min(prompt.length(), position + length + 1);
        return (from > 0 ? "..." : "") + "\"" + prompt.substring(from, to) + "\"" + (to < prompt.length() ? "..." : "");
    }
}
