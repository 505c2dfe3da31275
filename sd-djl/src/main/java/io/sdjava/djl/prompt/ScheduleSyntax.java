package io.sdjava.djl.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for A1111's prompt-editing grammar (its Lark grammar, with the structured reading preferred over literal
 * brackets where both apply):
 * <pre>
 * start:      (prompt | /[][():]/+)*
 * prompt:     (emphasized | scheduled | alternate | plain | WHITESPACE)*
 * emphasized: "(" prompt ")" | "(" prompt ":" prompt ")" | "[" prompt "]"      (kept literally)
 * scheduled:  "[" [prompt ":"] prompt ":" [WHITESPACE] NUMBER [WHITESPACE] "]"
 * alternate:  "[" prompt ("|" [prompt])+ "]"
 * plain:      /([^\\\[\]():|]|\\.)+/
 * </pre>
 */
final class ScheduleSyntax {
    private static final Pattern NUMBER_TAIL = Pattern.compile(
            "\\s*([+-]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?)\\s*]", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String SPECIAL = "\\[]():|";

    /** A node of the parsed prompt. */
    sealed interface Node permits Literal, Sequence, Scheduled, Alternate {}

    /** Text kept as written. */
    record Literal(String text) implements Node {}

    /** Concatenation. */
    record Sequence(List<Node> parts) implements Node {}

    /**
     * {@code [before:after:number]}; {@code before} is empty for {@code [after:number]}.
     *
     * @param number the number as written (a {@code .} makes it a fraction of the steps)
     */
    record Scheduled(Node before, Node after, String number) implements Node {}

    /** {@code [a|b|c]}. */
    record Alternate(List<Node> options) implements Node {}

    /** Deeper bracket nesting is treated as unparseable (the prompt is then used unchanged for every step). */
    static final int MAX_DEPTH = 256;
    private final String s;
    private int pos;
    private int depth;
    private String lastPlain;

    private ScheduleSyntax(String s) {
        this.s = s;
    }

    /**
     * @param prompt the prompt
     * @return its tree, or empty when the grammar rejects it (A1111 then uses the prompt unchanged for all steps)
     */
    static Optional<Node> parse(String prompt) {
        try {
            return parseOrThrow(prompt);
        } catch (TooDeep e) {
            return Optional.empty();
        }
    }

    /** Thrown when brackets nest deeper than {@link #MAX_DEPTH}. */
    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooDeep() {
            super(null, null, false, false);
        }
    }

    private static Optional<Node> parseOrThrow(String prompt) {
        ScheduleSyntax p = new ScheduleSyntax(prompt);
        List<Node> items = new ArrayList<>();
        while (p.pos < prompt.length()) {
            items.add(p.prompt());
            if (p.pos < prompt.length()) {
                char c = prompt.charAt(p.pos);
                if ("[]():".indexOf(c) < 0) {
                    return Optional.empty();
                }
                items.add(new Literal(String.valueOf(c)));
                p.pos++;
            }
        }
        return Optional.of(new Sequence(items));
    }

    private Node prompt() {
        List<Node> items = new ArrayList<>();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '(' || c == '[') {
                int start = pos;
                if (++depth > MAX_DEPTH) {
                    throw new TooDeep();
                }
                Node n = c == '(' ? round() : square();
                depth--;
                if (n == null) {
                    pos = start;
                    break;
                }
                items.add(n);
            } else if (!plain()) {
                break;
            } else {
                items.add(new Literal(lastPlain));
            }
        }
        return new Sequence(items);
    }

    private boolean plain() {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\') {
                if (pos + 1 < s.length() && s.charAt(pos + 1) != '\n') {
                    pos += Character.charCount(s.codePointAt(pos + 1)) + 1;
                    continue;
                }
                break;
            }
            if (SPECIAL.indexOf(c) >= 0) {
                break;
            }
            pos++;
        }
        lastPlain = s.substring(start, pos);
        return pos > start;
    }

    private boolean at(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private Node round() {
        pos++;
        Node first = prompt();
        if (at(')')) {
            pos++;
            return new Sequence(List.of(new Literal("("), first, new Literal(")")));
        }
        if (!at(':')) {
            return null;
        }
        pos++;
        Node second = prompt();
        if (!at(')')) {
            return null;
        }
        pos++;
        return new Sequence(List.of(new Literal("("), first, new Literal(":"), second, new Literal(")")));
    }

    private Node square() {
        pos++;
        Node first = prompt();
        if (at(']')) {
            pos++;
            return new Sequence(List.of(new Literal("["), first, new Literal("]")));
        }
        if (at('|')) {
            List<Node> options = new ArrayList<>(List.of(first));
            while (at('|')) {
                pos++;
                options.add(prompt());
            }
            if (!at(']')) {
                return null;
            }
            pos++;
            return new Alternate(options);
        }
        if (!at(':')) {
            return null;
        }
        pos++;
        String number = numberTail();
        if (number != null) {
            return new Scheduled(new Sequence(List.of()), first, number);
        }
        Node second = prompt();
        if (!at(':')) {
            return null;
        }
        pos++;
        number = numberTail();
        return number == null ? null : new Scheduled(first, second, number);
    }

    private String numberTail() {
        Matcher m = NUMBER_TAIL.matcher(s).region(pos, s.length());
        if (!m.lookingAt()) {
            return null;
        }
        pos = m.end();
        return m.group(1);
    }
}
