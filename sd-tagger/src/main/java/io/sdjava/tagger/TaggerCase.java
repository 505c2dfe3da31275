package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.SdImage;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.Tag;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One tagger golden case (see {@link TaggerConformanceArea}); tolerances from the fixture README. */
final class TaggerCase implements ConformanceCase {
    static final double INPUT_TOL = 1e-6;
    static final double LOGIT_TOL = 1e-4;
    static final double PROB_TOL = 2e-5;
    private static final int REAL_SIZE = 448;

    private final Path area;
    private final String id;
    private final List<String> failures = new ArrayList<>();
    private double maxDiff;

    TaggerCase(Path area, String id) {
        this.area = area;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized CaseResult run() {
        failures.clear();
        maxDiff = 0;
        JsonNode json = WdTagger.readConfig(area.resolve(id + ".json"));
        SdImage image = TaggerImageReader.read(area.resolve(json.path("image").asText()));
        float[] ownScores;
        try (StateDict golden = SafetensorsReader.open(area.resolve(json.path("tensors").asText()));
                WdTagger tagger = WdTagger.load(area.resolve(json.path("model").asText()))) {
            checkPreprocessing(image, golden, tagger.inputSize());
            float[] logits = tagger.logits(golden.toFloatArray("input"));
            compare("logits", golden.toFloatArray("logits"), logits, LOGIT_TOL);
            compare("probs", golden.toFloatArray("probs"), WdTagger.sigmoid(logits), PROB_TOL);
            ownScores = tagger.scores(image);
            compare("probs(end-to-end)", golden.toFloatArray("probs"), ownScores, PROB_TOL);
            for (JsonNode expected : json.path("extension_postprocess")) {
                checkExtension(tagger, ownScores, expected);
            }
            for (JsonNode expected : json.path("reference_app")) {
                checkReferenceApp(tagger, ownScores, expected);
            }
        }
        checkRealSizeResize(image, json.path("image").asText());
        return failures.isEmpty() ? CaseResult.pass(maxDiff)
                : CaseResult.fail(String.join("; ", failures), maxDiff);
    }

    private void checkPreprocessing(SdImage image, StateDict golden, int size) {
        SdImage padded = Preprocessor.padToSquare(image);
        compare("padded_rgb_u8", golden.toFloatArray("padded_rgb_u8"), unsigned(padded.toRgb()), 0);
        SdImage resized = Preprocessor.resize(padded, size);
        compare("resized_rgb_u8", golden.toFloatArray("resized_rgb_u8"), unsigned(resized.toRgb()), 0);
        compare("input", golden.toFloatArray("input"), Preprocessor.toInput(resized), INPUT_TOL);
    }

    private void checkRealSizeResize(SdImage image, String imagePath) {
        Path pre = area.resolve(imagePath.replaceAll("\\.png$", ".pre" + REAL_SIZE + ".png"));
        if (!pre.toFile().isFile()) {
            failures.add("missing " + pre);
            return;
        }
        SdImage expected = TaggerImageReader.read(pre);
        SdImage actual = Preprocessor.resize(Preprocessor.padToSquare(image), REAL_SIZE);
        compare("pre" + REAL_SIZE, unsigned(expected.toRgb()), unsigned(actual.toRgb()), 0);
    }

    private void checkExtension(WdTagger tagger, float[] scores, JsonNode expected) {
        JsonNode s = expected.path("settings");
        TaggingOptions options = TaggingOptions.builder().rules(PromptRules.EXTENSION)
                .threshold(s.path("threshold").asDouble()).additionalTags(strings(s.path("additional_tags")))
                .excludeTags(strings(s.path("exclude_tags")))
                .sortAlphabetically(s.path("sort_by_alphabetical_order").asBoolean())
                .replaceUnderscore(s.path("replace_underscore").asBoolean())
                .underscoreExcludes(strings(s.path("replace_underscore_excludes")))
                .escapeTags(s.path("escape_tag").asBoolean()).build();
        TaggingResult r = tagger.postprocess(scores, options);
        String label = s.path("id").asText();
        checkString(label + ".prompt", expected.path("prompt").asText(), r.prompt());
        checkTags(label + ".tags", expected.path("tags"), r.tags());
    }

    private void checkReferenceApp(WdTagger tagger, float[] scores, JsonNode expected) {
        JsonNode s = expected.path("settings");
        TaggingOptions options = TaggingOptions.builder().rules(PromptRules.REFERENCE_APP)
                .threshold(s.path("general_thresh").asDouble())
                .characterThreshold(s.path("character_thresh").asDouble())
                .generalMcut(s.path("general_mcut_enabled").asBoolean())
                .characterMcut(s.path("character_mcut_enabled").asBoolean()).build();
        TaggingResult r = tagger.postprocess(scores, options);
        String label = s.path("id").asText();
        checkString(label + ".prompt", expected.path("prompt").asText(), r.prompt());
        checkTags(label + ".general", expected.path("general"), r.generalTags());
        checkTags(label + ".character", expected.path("character"), r.characterTags());
        compareScalar(label + ".general_threshold_used", expected.path("general_threshold_used").asDouble(),
                r.generalThreshold(), PROB_TOL);
        compareScalar(label + ".character_threshold_used", expected.path("character_threshold_used").asDouble(),
                r.characterThreshold(), PROB_TOL);
        JsonNode rating = expected.path("rating");
        if (rating.size() != r.ratings().size()) {
            failures.add(label + ".rating: " + r.ratings().size() + " ratings, expected " + rating.size());
        }
        for (Tag t : r.ratings()) {
            compareScalar(label + ".rating." + t.name(), rating.path(t.name()).asDouble(Double.NaN), t.score(),
                    PROB_TOL);
        }
    }

    private void checkTags(String label, JsonNode expected, List<Tag> actual) {
        List<String> names = new ArrayList<>();
        expected.forEach(pair -> names.add(pair.get(0).asText()));
        List<String> actualNames = actual.stream().map(Tag::name).toList();
        if (!names.equals(actualNames)) {
            failures.add(label + ": got " + actualNames + ", expected " + names);
            return;
        }
        for (int i = 0; i < actual.size(); i++) {
            compareScalar(label + "[" + names.get(i) + "]", expected.get(i).get(1).asDouble(), actual.get(i).score(),
                    PROB_TOL);
        }
    }

    private void checkString(String label, String expected, String actual) {
        if (!expected.equals(actual)) {
            failures.add(label + ": got \"" + actual + "\", expected \"" + expected + "\"");
        }
    }

    private void compare(String label, float[] expected, float[] actual, double tol) {
        if (expected.length != actual.length) {
            failures.add(label + ": " + actual.length + " values, expected " + expected.length);
            return;
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (tol > 0) {
            maxDiff = Math.max(maxDiff, worst);
        }
        if (!(worst <= tol)) {
            failures.add(String.format("%s: max abs diff %.3g at %d (%s vs %s) > %.3g", label, worst, at,
                    actual[at], expected[at], tol));
        }
    }

    private void compareScalar(String label, double expected, double actual, double tol) {
        double d = Math.abs(expected - actual);
        maxDiff = Math.max(maxDiff, Double.isNaN(d) ? 0 : d);
        if (!(d <= tol)) {
            failures.add(String.format("%s: got %s, expected %s (tolerance %.3g)", label, actual, expected, tol));
        }
    }

    private static float[] unsigned(byte[] bytes) {
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
