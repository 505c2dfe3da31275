package io.sdjava.samples.textures;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Typed reads of one object of a spec tree. A missing or mistyped field is reported to the problem sink
 * (naming the field's path, e.g. {@code textures[2].seed}) and replaced by the default, so that reading goes
 * on and every problem is found in one pass.
 */
final class SpecFields {
    private final JsonNode node;
    private final String path;
    private final Consumer<String> problems;

    /**
     * @param node the object node (a non-object is reported once)
     * @param path the node's path in the spec, e.g. {@code generation}
     * @param known the keys this object may have; others are reported
     * @param problems receives one message per problem
     */
    SpecFields(JsonNode node, String path, Set<String> known, Consumer<String> problems) {
        this.path = path;
        this.problems = problems;
        if (node != null && !node.isObject()) {
            problems.accept(path + " must be a mapping of keys to values");
            node = null;
        }
        this.node = node;
        if (node != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    problems.accept("unknown key '" + where(key) + "'; allowed: " + String.join(", ",
                            known.stream().sorted().toList()));
                }
            }
        }
    }

    /** @return whether the field is present and not null */
    boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    /** @return the raw field, or null */
    JsonNode raw(String key) {
        return node == null ? null : node.get(key);
    }

    /** @return the path of a field, e.g. {@code generation.steps} */
    String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reads a string; a missing required field is reported and gives {@code null}. */
    String text(String key, String defaultValue, boolean required) {
        if (!has(key)) {
            if (required) {
                problems.accept("missing '" + where(key) + "'");
            }
            return defaultValue;
        }
        JsonNode v = node.get(key);
        if (!v.isTextual()) {
            problems.accept("'" + where(key) + "' must be text, not "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            return defaultValue;
        }
        return v.asText();
    }

    /** Reads an integer in {@code min..max}; anything else is reported. */
    long integer(String key, long defaultValue, long min, long max) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problems.accept("'" + where(key) + "' must be a whole number, not " + v);
            return defaultValue;
        }
        long value = v.asLong();
        if (value < min || value > max) {
            problems.accept("'" + where(key) + "' is " + value + "; allowed: " + min + ".." + max);
            return defaultValue;
        }
        return value;
    }

    /** Reads a number in {@code min..max}; anything else is reported. */
    double number(String key, double defaultValue, double min, double max) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode v = node.get(key);
        if (!v.isNumber()) {
            problems.accept("'" + where(key) + "' must be a number, not " + v);
            return defaultValue;
        }
        double value = v.asDouble();
        if (!(value >= min && value <= max)) {
            problems.accept("'" + where(key) + "' is " + value + "; allowed: " + min + ".." + max);
            return defaultValue;
        }
        return value;
    }

    /** Reads a list of strings (a single string counts as a list of one); empty when absent. */
    List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonNode v = node.get(key);
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            problems.accept("'" + where(key) + "' must be a list of text");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isTextual()) {
                out.add(v.get(i).asText());
            } else {
                problems.accept("'" + where(key) + "[" + i + "]' must be text, not " + v.get(i));
            }
        }
        return out;
    }
}
