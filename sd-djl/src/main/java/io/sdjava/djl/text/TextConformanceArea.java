package io.sdjava.djl.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.djl.prompt.AttentionParser;
import io.sdjava.djl.prompt.ComposablePrompt;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.prompt.ExtraNetworks;
import io.sdjava.djl.prompt.PromptSchedule;
import io.sdjava.djl.prompt.SubPrompt;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Golden cases of the {@code text} fixtures: CLIP token ids ({@code tokenizer_cases.json}), every stage of the prompt
 * pipeline ({@code prompt_cases.json}), layouts under other settings ({@code layout_variants.json}) and the emphasis
 * step ({@code emphasis.safetensors}). The CLIP tokenizer is loaded once, from the fixtures' {@code tokenizer.json}.
 */
public final class TextConformanceArea implements ConformanceArea {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        TextFixtures fx = new TextFixtures(dir);
        List<ConformanceCase> cases = new ArrayList<>();
        JsonNode tokenizerCases = read(dir.resolve("tokenizer_cases.json"));
        for (int i = 0; i < tokenizerCases.size(); i++) {
            JsonNode c = tokenizerCases.get(i);
            cases.add(ConformanceCase.of(String.format("tokenizer/%03d", i), () -> fx.checkTokens(c)));
        }
        JsonNode prompts = read(dir.resolve("prompt_cases.json"));
        fx.useSettings(prompts.path("settings"));
        for (JsonNode c : prompts.path("cases")) {
            String id = "prompt/" + c.path("id").asText();
            String prompt = c.path("prompt").asText();
            cases.add(ConformanceCase.of(id + "/attention", () -> fx.check(c.path("parse_prompt_attention"),
                    () -> FixtureJson.attention(AttentionParser.parse(prompt)), prompt)));
            cases.add(ConformanceCase.of(id + "/schedules", () -> fx.check(c.path("schedules"), () -> schedules(prompt), prompt)));
            cases.add(ConformanceCase.of(id + "/schedules_hires", () -> fx.checkHires(c.path("schedules_hires"), prompt)));
            cases.add(ConformanceCase.of(id + "/schedules_old", () -> fx.checkOld(c.path("schedules_old_scheduling"), prompt)));
            cases.add(ConformanceCase.of(id + "/multicond", () -> fx.check(c.path("multicond"), () -> multicond(prompt), prompt)));
            cases.add(ConformanceCase.of(id + "/extra_networks", () -> fx.check(c.path("extra_networks"),
                    () -> FixtureJson.extraNetworks(ExtraNetworks.parse(prompt)), prompt)));
            cases.add(ConformanceCase.of(id + "/pipeline", () -> fx.check(c.path("pipeline"), () -> fx.pipeline(prompt), prompt)));
            cases.add(ConformanceCase.of(id + "/negative_pipeline", () -> fx.check(c.path("negative_pipeline"),
                    () -> fx.negativePipeline(prompt), prompt)));
        }
        JsonNode variants = read(dir.resolve("layout_variants.json"));
        for (int i = 0; i < variants.size(); i++) {
            JsonNode v = variants.get(i);
            String setting = v.path("setting").fieldNames().next() + "=" + v.path("setting").elements().next().asText();
            cases.add(ConformanceCase.of(String.format("layout/%02d/%s", i, setting), () -> fx.checkVariant(v)));
        }
        EmphasisFixture emphasis = new EmphasisFixture(dir.resolve("emphasis.safetensors"));
        cases.add(ConformanceCase.of("emphasis/multipliers", () -> emphasis.checkMultipliers(fx.chunker(Map.of()))));
        for (EmphasisMode mode : EmphasisMode.values()) {
            cases.add(ConformanceCase.of("emphasis/" + mode.displayName().replace(' ', '_'), () -> emphasis.check(mode)));
        }
        return cases;
    }

    private static JsonNode schedules(String prompt) {
        ObjectNode out = FixtureJson.MAPPER.createObjectNode();
        for (int steps : TextFixtures.STEPS) {
            out.set(String.valueOf(steps), FixtureJson.schedule(PromptSchedule.of(prompt, steps)));
        }
        return out;
    }

    private static JsonNode multicond(String prompt) {
        ObjectNode out = FixtureJson.MAPPER.createObjectNode();
        ArrayNode indexes = out.putArray("indexes").addArray();
        List<String> flat = new ArrayList<>();
        for (SubPrompt sub : ComposablePrompt.split(prompt)) {
            if (!flat.contains(sub.text())) {
                flat.add(sub.text());
            }
            indexes.addArray().add(flat.indexOf(sub.text())).add(sub.weight());
        }
        flat.forEach(out.putArray("flat_list")::add);
        return out;
    }

    /** Shared state of the cases: fixture settings and the lazily loaded tokenizer. */
    static final class TextFixtures {
        static final int[] STEPS = {20, 30};
        private final Path dir;
        private final Map<String, Integer> embeddings = new LinkedHashMap<>();
        private ClipTokenizer tokenizer;

        TextFixtures(Path dir) {
            this.dir = dir;
        }

        void useSettings(JsonNode settings) {
            settings.path("embeddings").fields().forEachRemaining(e -> embeddings.put(e.getKey(), e.getValue().asInt()));
        }

        synchronized ClipTokenizer tokenizer() {
            if (tokenizer == null) {
                tokenizer = ClipTokenizer.load(dir.resolve("clip-vit-large-patch14").resolve("tokenizer.json"));
            }
            return tokenizer;
        }

        PromptChunker chunker(Map<String, String> setting) {
            EmbeddingVocabulary vocab = () -> embeddings.entrySet().stream()
                    .map(e -> new EmbeddingVocabulary.Entry(e.getKey(), e.getValue())).toList();
            EmphasisMode mode = setting.containsKey("emphasis") ? EmphasisMode.fromName(setting.get("emphasis"))
                    : EmphasisMode.ORIGINAL;
            int backtrack = setting.containsKey("comma_padding_backtrack")
                    ? Integer.parseInt(setting.get("comma_padding_backtrack")) : PromptChunker.DEFAULT_COMMA_BACKTRACK;
            return new PromptChunker(tokenizer(), vocab, mode, backtrack);
        }

        CaseResult checkTokens(JsonNode c) {
            int[] actual = tokenizer().encode(c.path("text").asText());
            int[] expected = new int[c.path("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.path("ids").get(i).asInt();
            }
            return Arrays.equals(actual, expected) ? CaseResult.pass(0)
                    : CaseResult.fail("text " + FixtureJson.MAPPER.valueToTree(c.path("text").asText()) + ": ids "
                            + Arrays.toString(actual) + ", expected " + Arrays.toString(expected));
        }

        CaseResult check(JsonNode expected, Supplier<JsonNode> actual, String prompt) {
            if (expected.isMissingNode()) {
                return CaseResult.fail("fixture field missing for prompt " + prompt);
            }
            JsonNode value;
            try {
                value = actual.get();
            } catch (io.sdjava.InvalidPromptException e) {
                value = FixtureJson.MAPPER.createObjectNode().put("error", "ValueError").put("message", e.getMessage());
            }
            Optional<String> d = FixtureJson.firstDifference(expected, value, "");
            return d.isEmpty() ? CaseResult.pass(0) : CaseResult.fail("prompt " + quote(prompt) + ": " + d.get());
        }

        CaseResult checkHires(JsonNode fixture, String prompt) {
            int base = fixture.path("base_steps").asInt();
            int hires = fixture.path("hires_steps").asInt();
            return check(fixture.path("schedule"),
                    () -> FixtureJson.schedule(PromptSchedule.hires(prompt, base, hires)), prompt);
        }

        CaseResult checkOld(JsonNode fixture, String prompt) {
            int steps = fixture.path("steps").asInt();
            return check(fixture.path("schedule"),
                    () -> FixtureJson.schedule(PromptSchedule.oldTimelines(prompt, steps)), prompt);
        }

        CaseResult checkVariant(JsonNode v) {
            Map<String, String> setting = new LinkedHashMap<>();
            v.path("setting").fields().forEachRemaining(e -> setting.put(e.getKey(), e.getValue().asText()));
            PromptChunker chunker = chunker(setting);
            String text = v.path("text").asText();
            return check(v.path("layout"), () -> FixtureJson.layout(() -> chunker.layout(text)), text);
        }

        JsonNode pipeline(String prompt) {
            PromptChunker chunker = chunker(Map.of());
            ExtraNetworks.Parsed parsed = ExtraNetworks.parse(prompt);
            ObjectNode out = FixtureJson.MAPPER.createObjectNode();
            out.put("cleaned_prompt", parsed.cleanedPrompt());
            ArrayNode subs = out.putArray("subprompts");
            ObjectNode texts = FixtureJson.MAPPER.createObjectNode();
            for (SubPrompt sub : ComposablePrompt.split(parsed.cleanedPrompt())) {
                ObjectNode s = subs.addObject().put("text", sub.text()).put("weight", sub.weight());
                addSchedules(s, sub.text(), texts, chunker);
            }
            out.set("texts", texts);
            return out;
        }

        JsonNode negativePipeline(String prompt) {
            ObjectNode out = FixtureJson.MAPPER.createObjectNode();
            ObjectNode texts = FixtureJson.MAPPER.createObjectNode();
            addSchedules(out, prompt, texts, chunker(Map.of()));
            out.set("texts", texts);
            return out;
        }

        private static void addSchedules(ObjectNode target, String text, ObjectNode texts, PromptChunker chunker) {
            ObjectNode schedules = target.putObject("schedules");
            ObjectNode perCall = target.putObject("per_call_entry");
            for (int steps : STEPS) {
                PromptSchedule schedule = PromptSchedule.of(text, steps);
                schedules.set(String.valueOf(steps), FixtureJson.schedule(schedule));
                perCall.set(String.valueOf(steps), FixtureJson.perCallEntry(schedule, steps));
                for (String t : schedule.distinctTexts()) {
                    if (!texts.has(t)) {
                        texts.set(t, FixtureJson.layout(() -> chunker.layout(t)));
                    }
                }
            }
        }

        private static String quote(String s) {
            return FixtureJson.MAPPER.valueToTree(s).toString();
        }
    }


    private static JsonNode read(Path file) {
        try {
            return FixtureJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture file " + file, e);
        }
    }
}
