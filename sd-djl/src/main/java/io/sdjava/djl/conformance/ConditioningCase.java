package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.conditioning.Emphasis;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.conditioning.TokenChunk;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of {@code pipeline/conditioning_cases.json}: the recorded token layout (tokens, multipliers, embedding
 * slots) through {@link TextConditioner} against {@code <id>/c} and {@code <id>/z_before_emphasis}
 * (README tolerance: max-abs 2e-4).
 */
final class ConditioningCase implements ConformanceCase {
    static final double ATOL = 2e-4;

    private final PipelineFixtures fixtures;
    private final JsonNode spec;

    ConditioningCase(PipelineFixtures fixtures, JsonNode spec) {
        this.fixtures = fixtures;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "conditioning/" + spec.path("id").asText();
    }

    @Override
    public CaseResult run() throws Exception {
        String caseId = spec.path("id").asText();
        JsonNode settings = spec.path("settings");
        Emphasis emphasis = Emphasis.parse(settings.path("emphasis").asText("Original"));
        int clipSkip = settings.path("clip_skip").asInt(1);
        List<TokenChunk> chunks = layout(spec.path("layout"));
        TensorComparison cmp = new TensorComparison(ATOL, 0);
        try (NDManager root = NDManager.newBaseManager();
                StateDict golden = SafetensorsReader.open(fixtures.conditioningGoldens())) {
            root.setName("conformance:" + id());
            try (StableDiffusionModel model = fixtures.loadModel(root)) {
                TextConditioner conditioner = new TextConditioner(model.textEncoder(), fixtures.embeddings());
                try (NDManager scope = root.newSubManager()) {
                    NDList out = conditioner.encodeTraced(chunks, clipSkip, emphasis, scope);
                    Goldens.compare(cmp, "c", out.get(0), golden, caseId + "/c");
                    Goldens.compare(cmp, "z_before_emphasis", out.get(1), golden, caseId + "/z_before_emphasis");
                }
            }
        }
        return cmp.passed() ? CaseResult.pass(cmp.maxAbsDiff()) : CaseResult.fail(cmp.detail(), cmp.maxAbsDiff());
    }

    /** @return the chunks recorded in a case's {@code layout} */
    static List<TokenChunk> layout(JsonNode layout) {
        List<TokenChunk> chunks = new ArrayList<>();
        for (JsonNode chunk : layout.path("chunks")) {
            int[] tokens = new int[chunk.path("tokens").size()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = chunk.path("tokens").get(i).asInt();
            }
            float[] multipliers = new float[chunk.path("multipliers").size()];
            for (int i = 0; i < multipliers.length; i++) {
                multipliers[i] = (float) chunk.path("multipliers").get(i).asDouble();
            }
            List<TokenChunk.EmbeddingSlot> slots = new ArrayList<>();
            for (JsonNode e : chunk.path("embeddings")) {
                slots.add(new TokenChunk.EmbeddingSlot(e.path("name").asText(), e.path("first_position").asInt(),
                        e.path("vectors").asInt()));
            }
            chunks.add(new TokenChunk(tokens, multipliers, slots));
        }
        return chunks;
    }

    @Override
    public String toString() {
        return id();
    }
}
