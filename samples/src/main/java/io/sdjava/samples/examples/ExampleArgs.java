package io.sdjava.samples.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples' command lines: positional arguments, then {@code --name value} options. Just enough parsing to
 * keep each example's {@code main} short; the {@code sd} CLI uses picocli instead.
 */
final class ExampleArgs {
    private final List<String> positional;
    private final Map<String, String> options;

    private ExampleArgs(List<String> positional, Map<String, String> options) {
        this.positional = positional;
        this.options = options;
    }

    /**
     * @param args the command line
     * @param usage the usage line printed when fewer than {@code required} positional arguments are given
     * @param required the number of positional arguments that must be present
     * @return the parsed arguments
     * @throws IllegalArgumentException naming the usage when arguments are missing or an option has no value
     */
    static ExampleArgs parse(String[] args, String usage, int required) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value; usage: " + usage);
                }
                options.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < required) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return new ExampleArgs(positional, options);
    }

    /** @return the {@code index}-th positional argument as a path */
    Path path(int index) {
        return Path.of(positional.get(index));
    }

    /** @return the option's value, or {@code fallback} when it was not given */
    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** @return the option's value as a path, or {@code null} when it was not given */
    Path pathOption(String name) {
        String value = options.get(name);
        return value == null ? null : Path.of(value);
    }

    /** @return the option's value as an int, or {@code fallback} when it was not given */
    int intOption(String name, int fallback) {
        String value = options.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    /** @return the option's value as a double, or {@code fallback} when it was not given */
    double doubleOption(String name, double fallback) {
        String value = options.get(name);
        return value == null ? fallback : Double.parseDouble(value);
    }
}
