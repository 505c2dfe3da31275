package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.Fixtures;
import io.sdjava.tagger.TaggerImageReader;
import io.sdjava.tagger.WdTagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code sd tag}: for every tagger fixture case and every post-processing setting it records (the extension's and
 * the reference app's), the command-line options built from the settings give the golden prompt. The net runs once
 * per case (scores cached) for the option mapping; the first setting of each case also runs the whole command.
 */
class TagCommandGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, float[]> SCORES = new ConcurrentHashMap<>();
    private static final Map<Path, WdTagger> TAGGERS = new ConcurrentHashMap<>();

    static Stream<Arguments> runs() throws IOException {
        Path area = Fixtures.area("tagger");
        JsonNode index = JSON.readTree(area.resolve("cases_index.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode id : index.get("cases")) {
            JsonNode c = JSON.readTree(area.resolve(id.asText() + ".json").toFile());
            List<String> base = List.of("tag", "--prompt-only", "--model", area.resolve(c.get("model").asText())
                    .toString());
            String image = area.resolve(c.get("image").asText()).toString();
            int first = out.size();
            for (JsonNode e : c.get("extension_postprocess")) {
                out.add(run(id.asText(), e, base, extensionOptions(e.get("settings")), image, out.size() == first));
            }
            for (JsonNode e : c.get("reference_app")) {
                out.add(run(id.asText(), e, base, referenceOptions(e.get("settings")), image, out.size() == first));
            }
        }
        assertFalse(out.isEmpty(), "no tagger cases under " + area);
        return out.stream();
    }

    private static Arguments run(String id, JsonNode entry, List<String> base, List<String> options, String image,
            boolean firstOfCase) {
        List<String> args = new ArrayList<>(base);
        args.addAll(options);
        args.add(image);
        return Arguments.of(id + "/" + entry.get("settings").get("id").asText(), args, entry.get("prompt").asText(),
                firstOfCase);
    }


    private static List<String> extensionOptions(JsonNode s) {
        List<String> a = new ArrayList<>(List.of("--rules", "extension", "--threshold", s.get("threshold").asText()));
        list(a, "--additional-tags", s.get("additional_tags"));
        list(a, "--exclude-tags", s.get("exclude_tags"));
        if (s.get("sort_by_alphabetical_order").asBoolean()) {
            a.add("--sort-alphabetically");
        }
        if (!s.get("replace_underscore").asBoolean()) {
            a.add("--keep-underscores");
        }
        list(a, "--underscore-excludes", s.get("replace_underscore_excludes"));
        if (s.get("escape_tag").asBoolean()) {
            a.add("--escape");
        }
        return a;
    }

    private static List<String> referenceOptions(JsonNode s) {
        List<String> a = new ArrayList<>(List.of("--rules", "reference-app", "--threshold",
                s.get("general_thresh").asText(), "--character-threshold", s.get("character_thresh").asText()));
        if (s.get("general_mcut_enabled").asBoolean()) {
            a.add("--mcut");
        }
        if (s.get("character_mcut_enabled").asBoolean()) {
            a.add("--character-mcut");
        }
        return a;
    }

    private static void list(List<String> args, String option, JsonNode values) {
        List<String> items = new ArrayList<>();
        values.forEach(v -> items.add(v.asText()));
        if (!items.isEmpty()) {
            args.add(option + "=" + String.join(",", items));
        } else if (option.equals("--underscore-excludes")) {
            args.add(option + "=");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void promptMatchesTheGolden(String name, List<String> args, String expected, boolean runWholeCommand) {
        if (runWholeCommand) {
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.code, run.toString());
            assertEquals(expected, run.out().strip(), run.toString());
        }
        TagCommand cmd = new TagCommand();
        new CommandLine(cmd).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        WdTagger tagger = TAGGERS.computeIfAbsent(cmd.model, WdTagger::load);
        float[] scores = SCORES.computeIfAbsent(cmd.model + "|" + cmd.images.get(0),
                k -> tagger.scores(TaggerImageReader.read(cmd.images.get(0))));
        assertEquals(expected, tagger.postprocess(scores, cmd.options()).prompt());
    }

    @AfterAll
    static void closeTaggers() {
        TAGGERS.values().forEach(WdTagger::close);
        TAGGERS.clear();
    }
}
