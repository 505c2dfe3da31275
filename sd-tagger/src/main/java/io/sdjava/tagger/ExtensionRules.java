package io.sdjava.tagger;

import io.sdjava.spi.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The A1111 WD14 tagger extension's {@code postprocess_tags} (see {@link PromptRules#EXTENSION}). */
final class ExtensionRules {
    private ExtensionRules() {}

    static TaggingResult apply(TagTable table, float[] probs, TaggingOptions o) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Integer> categories = new LinkedHashMap<>();
        for (int i = 0; i < table.size(); i++) {
            TagTable.Label label = table.get(i);
            if (label.category() != TagTable.RATING) {
                scores.put(label.name(), (double) probs[i]);
                categories.put(label.name(), label.category());
            }
        }
        Set<String> additional = new HashSet<>(o.additionalTags());
        for (String tag : o.additionalTags()) {
            scores.put(tag, 1.0);
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(scores.entrySet());
        ordered.sort(o.sortAlphabetically()
                ? Map.Entry.comparingByKey(ExtensionRules::compareCodePoints)
                : Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        Set<String> excluded = new HashSet<>(o.excludeTags());
        List<Tag> tags = new ArrayList<>();
        List<Tag> general = new ArrayList<>();
        List<Tag> character = new ArrayList<>();
        for (Map.Entry<String, Double> e : ordered) {
            String raw = e.getKey();
            double score = e.getValue();
            if (score < o.threshold() || excluded.contains(raw)) {
                continue;
            }
            String shown = displayName(raw, o);
            tags.add(new Tag(o.escapeTags() ? escape(shown) : shown, score));
            Integer category = additional.contains(raw) ? null : categories.get(raw);
            if (category != null && category == TagTable.CHARACTER) {
                character.add(new Tag(shown, score));
            } else if (category != null && category == TagTable.GENERAL) {
                general.add(new Tag(shown, score));
            }
        }
        String prompt = tags.stream().map(Tag::name).collect(Collectors.joining(", "));
        return new TaggingResult(ratings(table, probs), byScore(character), byScore(general), tags, prompt,
                o.threshold(), o.threshold());
    }

    /** Underscores to spaces unless disabled or the name is in the excludes (kaomoji) list. */
    static String displayName(String raw, TaggingOptions o) {
        return o.replaceUnderscore() && !o.underscoreExcludes().contains(raw) ? raw.replace('_', ' ') : raw;
    }

    /** A backslash before each {@code (}, {@code )} and {@code \}. */
    static String escape(String name) {
        return name.replaceAll("([\\\\()])", "\\\\$1");
    }

    static List<Tag> ratings(TagTable table, float[] probs) {
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).category() == TagTable.RATING) {
                out.add(new Tag(table.get(i).name(), probs[i]));
            }
        }
        return out;
    }

    static List<Tag> byScore(List<Tag> tags) {
        List<Tag> sorted = new ArrayList<>(tags);
        sorted.sort(Comparator.comparingDouble(Tag::score).reversed());
        return sorted;
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }
}
