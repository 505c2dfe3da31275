package io.sdjava.tagger;

import io.sdjava.spi.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** SmilingWolf's wd-tagger demo app: {@code predict} + {@code mcut_threshold} ({@link PromptRules#REFERENCE_APP}). */
final class ReferenceAppRules {
    private static final double CHARACTER_MCUT_FLOOR = 0.15;

    private ReferenceAppRules() {}

    static TaggingResult apply(TagTable table, float[] probs, TaggingOptions o) {
        double generalThreshold = o.generalMcut() ? mcut(scores(table, probs, TagTable.GENERAL), o.threshold())
                : o.threshold();
        double characterThreshold = o.characterMcut()
                ? Math.max(CHARACTER_MCUT_FLOOR, mcut(scores(table, probs, TagTable.CHARACTER), o.characterThreshold()))
                : o.characterThreshold();
        List<Tag> general = kept(table, probs, o, TagTable.GENERAL, generalThreshold);
        List<Tag> character = kept(table, probs, o, TagTable.CHARACTER, characterThreshold);
        String prompt = general.stream().map(Tag::name).collect(Collectors.joining(", "))
                .replace("(", "\\(").replace(")", "\\)");
        return new TaggingResult(ExtensionRules.ratings(table, probs), character, general, general, prompt,
                generalThreshold, characterThreshold);
    }

    private static List<Tag> kept(TagTable table, float[] probs, TaggingOptions o, int category, double threshold) {
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            TagTable.Label label = table.get(i);
            if (label.category() == category && probs[i] > threshold) {
                out.add(new Tag(ExtensionRules.displayName(label.name(), o), probs[i]));
            }
        }
        return ExtensionRules.byScore(out);
    }

    private static double[] scores(TagTable table, float[] probs, int category) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).category() == category) {
                out.add((double) probs[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Maximum Cut Thresholding: the midpoint of the largest gap between neighbouring sorted scores (the first
     * such gap from the top on ties).
     *
     * @param scores the scores of one category
     * @param fallback used when there are fewer than two scores
     * @return the threshold
     */
    static double mcut(double[] scores, double fallback) {
        if (scores.length < 2) {
            return fallback;
        }
        double[] sorted = scores.clone();
        java.util.Arrays.sort(sorted);
        int best = -1;
        double bestGap = Double.NEGATIVE_INFINITY;
        for (int i = sorted.length - 1; i > 0; i--) {
            double gap = sorted[i] - sorted[i - 1];
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return (sorted[best] + sorted[best - 1]) / 2;
    }
}
