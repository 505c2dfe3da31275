package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.SdImage;
import io.sdjava.djl.BatchNoise;
import io.sdjava.djl.DjlPipeline;
import io.sdjava.djl.ImageRngNoiseFactory;
import io.sdjava.djl.ImageCodec;
import io.sdjava.djl.SamplingPlan;
import io.sdjava.djl.conditioning.CondSchedule;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.EmbeddingLookup;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.text.ChunkLayout;
import io.sdjava.djl.text.PromptChunk;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code txt2img} or {@code img2img} case of {@code models/cases.json}, run through {@link DjlPipeline} with the
 * recorded token ids as the prompts (the cases give ids, not text) and the pipeline's own noise: checks the
 * conditioning, the sigmas, the noise (exactly), every step's latent and denoised prediction, the decode of the
 * golden latent and the 8-bit result.
 */
final class ModelSamplingCase implements ConformanceCase {
    private static final double LATENT_TOL = 2e-3;
    private static final double COMPONENT_TOL = 1e-4;
    private static final double DECODED_TOL = 5e-4;
    private static final double SIGMA_TOL = 1e-6;

    private final PipelineFixtures fixtures;
    private final JsonNode spec;

    ModelSamplingCase(PipelineFixtures fixtures, JsonNode spec) {
        this.fixtures = fixtures;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "models/" + spec.path("name").asText();
    }

    private boolean img2img() {
        return spec.path("kind").asText().equals("img2img");
    }

    @Override
    public CaseResult run() throws Exception {
        JsonNode p = spec.path("params");
        try (StateDict golden = SafetensorsReader.open(fixtures.modelsDir().resolve(spec.path("file").asText()))) {
            PipelineChecks checks = new PipelineChecks(golden);
            NDManager root = NDManager.newBaseManager();
            root.setName("conformance:" + id());
            StableDiffusionModel model = fixtures.loadModel(root);
            List<float[]> xs = new ArrayList<>();
            List<float[]> denoised = new ArrayList<>();
            List<float[]> draws = new ArrayList<>();
            SamplerRegistry registry = SamplerRegistry.load();
            DjlPipeline.Components parts = new DjlPipeline.Components(model, (request, steps, generation) ->
                    conditioning(model, golden, request.clipSkip(), generation, checks),
                    (request, seeds, subseeds, shape) -> checkedNoise(new ImageRngNoiseFactory().create(request, seeds,
                            subseeds, shape), golden, checks, draws), registry, null, "tiny-sd1",
                    (step, sigma, x, d) -> {
                        xs.add(x.toFloatArray());
                        denoised.add(d.toFloatArray());
                    }, null, null, List.of());
            try (DjlPipeline pipeline = new DjlPipeline(root, parts)) {
                GenerationRequest request = request(p, golden);
                checkSigmas(checks, registry, request, pipeline);
                GenerationResult result = pipeline.generate(request);
                compareDraws(checks, golden, draws);
                compareSteps(checks, golden, "x_per_step", xs);
                compareSteps(checks, golden, "denoised_per_step", denoised);
                checks.image(img2img() ? "result_u8" : "image_u8", result.first().image(),
                        golden.toFloatArray(img2img() ? "result_u8" : "image_u8"));
                checkDecode(checks, golden, model, root);
            }
            return checks.result();
        }
    }

    /**
     * The pipeline's own noise (A1111's per-image CPU generators), checked against the recorded initial noise; the
     * VAE posterior noise, which the reference drew from torch's unseeded global generator, is replayed.
     */
    private static BatchNoise checkedNoise(BatchNoise real, StateDict golden, PipelineChecks checks,
            List<float[]> draws) {
        ReplayNoise replay = new ReplayNoise(golden);
        return new BatchNoise() {
            @Override
            public NDArray initial(NDManager manager) {
                NDArray noise = real.initial(manager);
                checks.close("noise", noise.toFloatArray(), noise.getShape().getShape(), 0, 0);
                return noise;
            }

            @Override
            public NoiseSampler sampler(NDManager manager) {
                NoiseSampler inner = real.sampler(manager);
                return (sigma, sigmaNext) -> {
                    NDArray n = inner.next(sigma, sigmaNext);
                    draws.add(n.toFloatArray());
                    return n;
                };
            }

            @Override
            public NDArray encodeNoise(NDManager manager) {
                return replay.encodeNoise(manager);
            }
        };
    }

    /** The sampler's draws against {@code ancestral_noise}, exactly, as far as both go. */
    private static void compareDraws(PipelineChecks checks, StateDict golden, List<float[]> draws) {
        if (!golden.contains("ancestral_noise") || draws.isEmpty()) {
            return;
        }
        float[] expected = golden.toFloatArray("ancestral_noise");
        int per = draws.get(0).length;
        for (int k = 0; k < draws.size() && (k + 1) * per <= expected.length; k++) {
            float[] e = new float[per];
            System.arraycopy(expected, k * per, e, 0, per);
            long[] one = {per};
            checks.close("ancestral_noise[" + k + "]", draws.get(k), one, e, one, 0, 0);
        }
    }

    private GenerationRequest request(JsonNode p, StateDict golden) {
        GenerationRequest.Builder b = GenerationRequest.builder().prompt("(token ids of " + id() + ")")
                .sampler(p.path("sampler").asText()).scheduler(p.path("scheduler").asText("Automatic"))
                .steps(p.path("steps").asInt()).cfgScale(p.path("cfg_scale").asDouble()).seed(p.path("seed").asLong())
                .clipSkip(p.path("clip_skip").asInt(1));
        if (img2img()) {
            long[] shape = golden.info("image_u8").shape();
            int h = Math.toIntExact(shape[0]);
            int w = Math.toIntExact(shape[1]);
            float[] values = golden.toFloatArray("image_u8");
            byte[] rgb = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                rgb[i] = (byte) Math.round(values[i]);
            }
            b.size(w, h).initImage(SdImage.fromRgb(w, h, rgb)).denoisingStrength(p.path("denoising_strength")
                    .asDouble());
        } else {
            b.size(p.path("width").asInt(), p.path("height").asInt());
        }
        return b.build();
    }

    /** Stage 2 from the recorded ids: encodes them and checks them against the golden cond/uncond. */
    private Conditioning conditioning(StableDiffusionModel model, StateDict golden, int clipSkip, NDManager gen,
            PipelineChecks checks) {
        TextConditioner text = new TextConditioner(model.textEncoder(), EmbeddingLookup.none());
        NDArray cond = golden.contains("cond_input_ids")
                ? text.encode(chunks(golden, "cond_input_ids"), clipSkip, EmphasisMode.ORIGINAL, gen).get(0)
                : gen.create(golden.toFloatArray("cond"), new Shape(golden.info("cond").shape()));
        NDArray uncond = golden.contains("uncond_input_ids")
                ? text.encode(chunks(golden, "uncond_input_ids"), clipSkip, EmphasisMode.ORIGINAL, gen).get(0)
                : gen.create(golden.toFloatArray("uncond"), new Shape(golden.info("uncond").shape()));
        checks.close("cond", cond.toFloatArray(), cond.getShape().getShape(), COMPONENT_TOL, COMPONENT_TOL);
        checks.close("uncond", uncond.toFloatArray(), uncond.getShape().getShape(), COMPONENT_TOL, COMPONENT_TOL);
        return Conditioning.of(CondSchedule.constant(cond), CondSchedule.constant(uncond));
    }

    /** @return the recorded ids {@code [chunks, 77]} as one text's layout, every multiplier 1 */
    private static List<ChunkLayout> chunks(StateDict golden, String key) {
        float[] ids = golden.toFloatArray(key);
        int length = Math.toIntExact(golden.info(key).shape()[1]);
        List<PromptChunk> out = new ArrayList<>();
        for (int c = 0; c < ids.length / length; c++) {
            int[] tokens = new int[length];
            double[] multipliers = new double[length];
            for (int i = 0; i < length; i++) {
                tokens[i] = Math.round(ids[c * length + i]);
                multipliers[i] = 1.0;
            }
            out.add(new PromptChunk(tokens, multipliers, List.of()));
        }
        return List.of(new ChunkLayout(List.of(), List.of(), 0, out));
    }

    private void checkSigmas(PipelineChecks checks, SamplerRegistry registry, GenerationRequest r,
            DjlPipeline pipeline) {
        SamplingPlan plan = SamplingPlan.resolve(registry, r.sampler(), r.scheduler(), r.steps(), pipeline.sigmas(),
                SamplerOptions.defaults());
        if (img2img()) {
            plan = plan.forImageToImage(r.denoisingStrength(), r.steps());
        }
        double[] sigmas = plan.passSigmas();
        float[] actual = new float[sigmas.length];
        for (int i = 0; i < sigmas.length; i++) {
            actual[i] = (float) sigmas[i];
        }
        checks.close(img2img() ? "sigma_sched" : "sigmas", actual, new long[] {actual.length}, SIGMA_TOL, SIGMA_TOL);
    }

    private static void compareSteps(PipelineChecks checks, StateDict golden, String key, List<float[]> steps) {
        if (!golden.contains(key)) {
            return;
        }
        float[] expected = golden.toFloatArray(key);
        long[] shape = golden.info(key).shape();
        int per = steps.isEmpty() ? 0 : steps.get(0).length;
        if (steps.size() * per != expected.length) {
            checks.fail(key + ": " + steps.size() + " steps of " + per + " values, expected " + shape[0] + " steps");
            return;
        }
        for (int s = 0; s < steps.size(); s++) {
            float[] e = new float[per];
            System.arraycopy(expected, s * per, e, 0, per);
            long[] one = new long[] {per};
            checks.close(key + "[" + s + "]", steps.get(s), one, e, one, LATENT_TOL, LATENT_TOL);
        }
    }

    /** Stage 6 alone: the golden latent through the pipeline's decoder against the golden decoded image. */
    private static void checkDecode(PipelineChecks checks, StateDict golden, StableDiffusionModel model,
            NDManager root) {
        try (NDManager scope = root.newSubManager()) {
            NDArray latent = scope.create(golden.toFloatArray("latent"), new Shape(golden.info("latent").shape()));
            NDArray decoded = new ImageCodec(model.vae(), model.config().scaleFactor()).decode(latent, false);
            checks.close("decoded", decoded.toFloatArray(), decoded.getShape().getShape(), DECODED_TOL, DECODED_TOL);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
