package io.sdjava.djl.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts extra-network tags ({@code <lora:name:0.8>}, {@code <lyco:...>}, {@code <hypernet:...>}) from a positive
 * prompt, before any other parsing, as A1111's {@code extra_networks.parse_prompt}. Negative prompts are not passed
 * through this (A1111 keeps their tags as text). Stateless and thread-safe.
 */
public final class ExtraNetworks {
    private static final Pattern TAG = Pattern.compile("<(\\w+):([^>]+)>", Pattern.UNICODE_CHARACTER_CLASS);

    private ExtraNetworks() {}

    /**
     * The result of extracting the tags.
     *
     * @param cleanedPrompt the prompt with every tag removed (replaced by nothing)
     * @param networks the tags in prompt order
     */
    public record Parsed(String cleanedPrompt, List<ExtraNetworkTag> networks) {
        /** Copies the list. */
        public Parsed {
            networks = List.copyOf(networks);
        }
    }

    /**
     * @param prompt a positive prompt
     * @return the cleaned prompt and the tags
     */
    public static Parsed parse(String prompt) {
        List<ExtraNetworkTag> tags = new ArrayList<>();
        Matcher m = TAG.matcher(prompt);
        StringBuilder cleaned = new StringBuilder();
        int last = 0;
        while (m.find()) {
            cleaned.append(prompt, last, m.start());
            last = m.end();
            tags.add(tag(m.group(1), m.group(2)));
        }
        cleaned.append(prompt.substring(last));
        return new Parsed(cleaned.toString(), tags);
    }

    private static ExtraNetworkTag tag(String name, String args) {
        List<String> items = List.of(args.split(":", -1));
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        for (String item : items) {
            // Python: item.split('=', 2) has exactly two parts only when there is exactly one '='
            int eq = item.indexOf('=');
            if (eq >= 0 && item.indexOf('=', eq + 1) < 0) {
                named.put(item.substring(0, eq), item.substring(eq + 1));
            } else {
                positional.add(item);
            }
        }
        return new ExtraNetworkTag(name, items, positional, named);
    }
}
