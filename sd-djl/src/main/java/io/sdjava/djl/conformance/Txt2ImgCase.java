package io.sdjava.djl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.RngSource;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.List;

/**
 * One case of {@code pipeline/txt2img_cases.json} through the public API only: {@code Pipeline.builder()} on the
 * tiny checkpoint with the fixture's tokenizer, embeddings and LoRA folders, {@code generate} with the case's WebUI
 * parameters (including the emphasis mode and comma padding backtrack when the case sets them), then every image
 * against {@code image_u8} (|diff| at most 1 on at most 0.5 % of the values) and the seeds against
 * {@code seeds_used}.
 */
final class Txt2ImgCase implements ConformanceCase {
    private final PipelineFixtures fixtures;
    private final JsonNode spec;

    Txt2ImgCase(PipelineFixtures fixtures, JsonNode spec) {
        this.fixtures = fixtures;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "txt2img/" + spec.path("id").asText();
    }

    @Override
    public CaseResult run() throws Exception {
        JsonNode r = spec.path("request");
        if (r.path("enable_hr").asBoolean(false)) {
            return CaseResult.fail("not implemented yet: hires fix");
        }
        GenerationRequest request = GenerationRequest.builder().prompt(r.path("prompt").asText())
                .negativePrompt(r.path("negative_prompt").asText("")).seed(r.path("seed").asLong())
                .steps(r.path("steps").asInt()).cfgScale(r.path("cfg_scale").asDouble())
                .sampler(r.path("sampler_name").asText()).scheduler(r.path("scheduler").asText("Automatic"))
                .size(r.path("width").asInt(), r.path("height").asInt()).clipSkip(r.path("clip_skip").asInt(1))
                .tiling(r.path("tiling").asBoolean(false)).batchSize(r.path("batch_size").asInt(1))
                .batchCount(r.path("n_iter").asInt(1)).subseedStrength(r.path("subseed_strength").asDouble(0))
                .ensd(r.path("eta_noise_seed_delta").asInt(0)).emphasis(r.path("emphasis").asText("Original"))
                .commaPaddingBacktrack(r.path("comma_padding_backtrack").asInt(
                        GenerationRequest.DEFAULT_COMMA_PADDING_BACKTRACK))
                .rngSource(RngSource.valueOf(r.path("randn_source").asText("CPU"))).build();
        GenerationResult result;
        try (Pipeline pipeline = Pipeline.builder().checkpoint(fixtures.checkpoint()).tokenizer(fixtures.tokenizer())
                .embeddingsDir(fixtures.embeddingsDir()).loraDir(fixtures.loraDir()).build()) {
            result = pipeline.generate(request);
        }
        try (StateDict golden = SafetensorsReader.open(fixtures.pipelineDir().resolve(spec.path("file").asText()))) {
            PipelineChecks checks = new PipelineChecks(golden);
            List<GeneratedImage> images = result.images();
            int batch = request.batchSize();
            int expected = batch * request.batchCount();
            if (images.size() != expected) {
                checks.fail(images.size() + " images, expected " + expected);
                return checks.result();
            }
            JsonNode seeds = spec.path("seeds_used");
            for (int i = 0; i < images.size(); i++) {
                if (seeds.has(i) && seeds.get(i).asLong() != images.get(i).seed()) {
                    checks.fail("image " + i + " seed " + images.get(i).seed() + ", expected " + seeds.get(i));
                }
                String key = (request.batchCount() > 1 ? "iter" + i / batch + "/" : "") + "image_u8";
                float[] all = golden.toFloatArray(key);
                int per = all.length / batch;
                float[] one = new float[per];
                System.arraycopy(all, (i % batch) * per, one, 0, per);
                checks.image("image " + i + " (" + key + ")", images.get(i).image(), one);
            }
            return checks.result();
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
