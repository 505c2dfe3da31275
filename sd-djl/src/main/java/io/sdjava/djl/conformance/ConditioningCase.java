package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.GenerationRequest;
import io.sdjava.djl.TextPromptConditioner;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.text.ChunkLayout;
import io.sdjava.djl.text.ClipTokenizer;
import io.sdjava.djl.text.EmbeddingVocabulary;
import io.sdjava.djl.text.PromptChunker;
import io.sdjava.djl.text.PromptPlan;
import io.sdjava.djl.text.PromptPlanner;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of {@code pipeline/conditioning_cases.json}: the prompt text through the pipeline's stage 2 (prompt
 * planner with the case's emphasis mode and comma backtrack, then {@link TextConditioner} on the batch of the
 * prompt's schedule texts), checking the conditioning of the first sampling step against {@code <id>/c} and
 * {@code <id>/z_before_emphasis} (README tolerance: max-abs 2e-4); then the same prompt and settings as a public
 * {@link GenerationRequest} through {@link TextPromptConditioner} against {@code <id>/c}. The embedding vectors are
 * the recorded ones.
 */
final class ConditioningCase implements ConformanceCase {
    static final double ATOL = 2e-4;
    /** Steps for prompt-editing schedules; the goldens hold the conditioning of the first step. */
    private static final int STEPS = 20;

    private final PipelineFixtures fixtures;
    private final JsonNode spec;
    private final EmbeddingVocabulary vocabulary;

    ConditioningCase(PipelineFixtures fixtures, JsonNode spec, EmbeddingVocabulary vocabulary) {
        this.fixtures = fixtures;
        this.spec = spec;
        this.vocabulary = vocabulary;
    }

    @Override
    public String id() {
        return "conditioning/" + spec.path("id").asText();
    }

    @Override
    public CaseResult run() throws Exception {
        String caseId = spec.path("id").asText();
        JsonNode settings = spec.path("settings");
        EmphasisMode emphasis = EmphasisMode.fromName(settings.path("emphasis").asText("Original"));
        int clipSkip = settings.path("clip_skip").asInt(1);
        int backtrack = settings.path("comma_padding_backtrack").asInt(PromptChunker.DEFAULT_COMMA_BACKTRACK);
        TensorComparison cmp = new TensorComparison(ATOL, 0);
        try (ClipTokenizer tokenizer = ClipTokenizer.load(fixtures.tokenizerJson());
                NDManager root = NDManager.newBaseManager();
                StateDict golden = SafetensorsReader.open(fixtures.conditioningGoldens())) {
            root.setName("conformance:" + id());
            PromptPlanner planner = new PromptPlanner(new PromptChunker(tokenizer, vocabulary, emphasis, backtrack));
            String prompt = spec.path("prompt").asText();
            PromptPlan plan = spec.path("role").asText().equals("negative_prompt") ? planner.negative(prompt, STEPS)
                    : planner.positive(prompt, STEPS);
            List<ChunkLayout> texts = new ArrayList<>();
            plan.parts().get(0).schedule().entries().forEach(e -> texts.add(plan.texts().get(e.text())));
            try (StableDiffusionModel model = fixtures.loadModel(root); NDManager scope = root.newSubManager()) {
                TextConditioner conditioner = new TextConditioner(model.textEncoder(), fixtures.embeddings());
                TextConditioner.Traced out = conditioner.encodeTraced(texts, clipSkip, emphasis, scope);
                Goldens.compare(cmp, "c", out.conditioning().get(0), golden, caseId + "/c");
                Goldens.compare(cmp, "z_before_emphasis", out.beforeEmphasis().get(0), golden,
                        caseId + "/z_before_emphasis");
                Goldens.compare(cmp, "c via GenerationRequest", viaRequest(tokenizer, conditioner, scope), golden,
                        caseId + "/c");
            }
        }
        return cmp.passed() ? CaseResult.pass(cmp.maxAbsDiff()) : CaseResult.fail(cmp.detail(), cmp.maxAbsDiff());
    }

    /**
     * The same prompt and settings as a public {@link GenerationRequest} (emphasis by its A1111 name, comma backtrack,
     * CLIP skip) through the pipeline's {@link TextPromptConditioner}: the first step's conditioning of the prompt's
     * first part, or of the negative prompt.
     */
    private NDArray viaRequest(ClipTokenizer tokenizer, TextConditioner conditioner, NDManager scope) {
        JsonNode settings = spec.path("settings");
        String prompt = spec.path("prompt").asText();
        boolean negative = spec.path("role").asText().equals("negative_prompt");
        GenerationRequest request = GenerationRequest.builder().prompt(negative ? "" : prompt)
                .negativePrompt(negative ? prompt : "").emphasis(settings.path("emphasis").asText("Original"))
                .clipSkip(settings.path("clip_skip").asInt(1))
                .commaPaddingBacktrack(settings.path("comma_padding_backtrack")
                        .asInt(GenerationRequest.DEFAULT_COMMA_PADDING_BACKTRACK))
                .build();
        Conditioning c = new TextPromptConditioner(tokenizer, vocabulary, conditioner).encode(request, STEPS, scope);
        return (negative ? c.uncond() : c.parts().get(0).schedule()).entries().get(0).cond();
    }

    @Override
    public String toString() {
        return id();
    }
}
