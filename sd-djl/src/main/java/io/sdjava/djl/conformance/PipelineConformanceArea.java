package io.sdjava.djl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.djl.text.EmbeddingVocabulary;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code pipeline} golden fixtures on the tiny SD 1.x model: prompt conditioning
 * ({@code conditioning_cases.json}), whole txt2img generations through the public API ({@code txt2img_cases.json}),
 * and also the {@code txt2img}, {@code img2img}, {@code denoiser_schedule} and {@code cfg_step} kinds of
 * {@code models/cases.json} (which the {@code models} area leaves to the pipeline).
 */
public final class PipelineConformanceArea implements ConformanceArea {
    /** The kinds of {@code models/cases.json} this area runs (the {@code models} area skips them). */
    static final Set<String> MODEL_KINDS = Set.of("txt2img", "img2img", "denoiser_schedule", "cfg_step");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        PipelineFixtures fixtures = new PipelineFixtures(fixturesRoot);
        List<ConformanceCase> out = new ArrayList<>();
        JsonNode conditioning = read(fixtures.pipelineDir().resolve("conditioning_cases.json"));
        EmbeddingVocabulary vocabulary = vocabulary(conditioning.path("embeddings"));
        for (JsonNode c : conditioning.path("cases")) {
            out.add(new ConditioningCase(fixtures, c, vocabulary));
        }
        for (JsonNode c : read(fixtures.pipelineDir().resolve("txt2img_cases.json")).path("cases")) {
            out.add(new Txt2ImgCase(fixtures, c));
        }
        for (JsonNode c : read(fixtures.modelsDir().resolve("cases.json")).path("cases")) {
            String kind = c.path("kind").asText();
            if (!MODEL_KINDS.contains(kind)) {
                continue;
            }
            if (kind.equals("txt2img") || kind.equals("img2img")) {
                out.add(new ModelSamplingCase(fixtures, c));
            } else {
                out.add(new DenoiserCase(fixtures, c));
            }
        }
        return List.copyOf(out);
    }

    /** @return the embeddings an index lists ({@code name: {vectors: n}}), in file order */
    static EmbeddingVocabulary vocabulary(JsonNode embeddings) {
        List<EmbeddingVocabulary.Entry> entries = new ArrayList<>();
        embeddings.fields().forEachRemaining(e -> entries.add(new EmbeddingVocabulary.Entry(e.getKey(),
                e.getValue().path("vectors").asInt())));
        List<EmbeddingVocabulary.Entry> copy = List.copyOf(entries);
        return () -> copy;
    }

    static JsonNode read(Path index) {
        try {
            return JSON.readTree(Files.readString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
    }
}
