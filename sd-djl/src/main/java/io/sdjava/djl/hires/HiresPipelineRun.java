package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.HiresFix;
import io.sdjava.RngSource;
import io.sdjava.djl.BatchNoise;
import io.sdjava.djl.DjlPipeline;
import io.sdjava.djl.NoiseFactory;
import io.sdjava.djl.PromptConditioner;
import io.sdjava.djl.TextPromptConditioner;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.EmbeddingLookup;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.text.ClipTokenizer;
import io.sdjava.djl.text.EmbeddingVocabulary;
import io.sdjava.djl.text.TokenizerLocator;
import io.sdjava.djl.infotext.FileHashes;
import io.sdjava.djl.rng.ImageRng;
import io.sdjava.djl.rng.NoiseSpec;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code txt2img_hires} case end to end through {@link DjlPipeline#generate}: the prompts' text conditioning
 * (checked against {@code cond}/{@code uncond} and {@code hr_cond}/{@code hr_uncond}), the real UNet, CFG,
 * samplers, the seeds' generators and the Hires. fix stage; only the VAE posterior noise (the WebUI's global
 * generator) is the stored {@code encode_noise}. Checks every step of both passes, the final image (README
 * end-to-end tolerances) and the infotext.
 */
final class HiresPipelineRun {
    /** README: pixel-upscaler cases end to end, {@code hr_latent} atol 2e-2 (8-bit flips of the first image). */
    private static final double PIXEL_LATENT_ATOL = 2e-2;
    /** README: pixel-upscaler cases end to end, {@code image_u8} +-1 on at most 5% of the values. */
    private static final double PIXEL_FLIP_SHARE = 0.05;
    /** The text encoder's tolerance of the {@code models} goldens. */
    private static final double COND_ATOL = 1e-4;

    private HiresPipelineRun() {}

    static void check(HiresFixtures fixtures, JsonNode spec, GoldenChecks checks) {
        JsonNode p = spec.path("params");
        boolean pixel = !p.path("latent_scale_mode").isObject();
        List<float[]> xs = new ArrayList<>();
        GenerationResult result = generate(fixtures, spec, checks, request(p), xs);
        int firstSteps = Math.toIntExact(checks.shape("first_x_per_step")[0]);
        checks.latent("first_x_per_step", concat(xs.subList(0, Math.min(firstSteps, xs.size()))),
                shapeOf(checks.shape("first_x_per_step"), Math.min(firstSteps, xs.size())));
        List<float[]> hr = xs.subList(Math.min(firstSteps, xs.size()), xs.size());
        long[] hrShape = shapeOf(checks.shape("hr_x_per_step"), hr.size());
        if (pixel) {
            checks.close("hr_x_per_step", concat(hr), hrShape, PIXEL_LATENT_ATOL);
            checks.image("image_u8", result.first().image(), PIXEL_FLIP_SHARE);
        } else {
            checks.latent("hr_x_per_step", concat(hr), hrShape);
            checks.image("image_u8", result.first().image());
        }
        checks.equal("infotext", result.first().infotext(), spec.path("infotext").asText());
    }

    /**
     * An {@code img2img} case through {@link DjlPipeline#generate} ("Just resize" of {@code init_image_u8}); checks
     * every step, the image and the infotext.
     */
    static void checkImageToImage(HiresFixtures fixtures, JsonNode spec, GoldenChecks checks) {
        JsonNode p = spec.path("params");
        List<float[]> xs = new ArrayList<>();
        GenerationRequest request = GenerationRequest.builder().prompt(p.path("prompt").asText())
                .negativePrompt(p.path("negative_prompt").asText("")).seed(p.path("seed").asLong())
                .sampler(p.path("sampler_name").asText()).scheduler(p.path("scheduler").asText("Automatic"))
                .steps(p.path("steps").asInt()).cfgScale(p.path("cfg_scale").asDouble())
                .size(p.path("width").asInt(), p.path("height").asInt()).rngSource(RngSource.CPU)
                .initImage(HiresCase.image(checks, "init_image_u8"))
                .denoisingStrength(p.path("denoising_strength").asDouble()).build();
        GenerationResult result = generate(fixtures, spec, checks, request, xs);
        checks.latent("x_per_step", concat(xs), shapeOf(checks.shape("x_per_step"), xs.size()));
        checks.image("image_u8", result.first().image());
        checks.equal("infotext", result.first().infotext(), spec.path("infotext").asText());
    }

    private static GenerationResult generate(HiresFixtures fixtures, JsonNode spec, GoldenChecks checks,
            GenerationRequest request, List<float[]> xs) {
        JsonNode p = spec.path("params");
        NDManager root = NDManager.newBaseManager();
        root.setName("conformance-pipeline:" + spec.path("name").asText());
        DjlPipeline.Components parts;
        ClipTokenizer tokenizer = null;
        try {
            HiresFixtures.Model model = fixtures.loadModel(root);
            tokenizer = TokenizerLocator.open(fixtures.tokenizerDir(), fixtures.checkpoint(), null);
            PromptConditioner text = new TextPromptConditioner(tokenizer, EmbeddingVocabulary.NONE,
                    new TextConditioner(model.model().textEncoder(), EmbeddingLookup.none()));
            parts = new DjlPipeline.Components(model.model(), checked(text, checks), noise(checks),
                    SamplerRegistry.load(), FileHashes.modelHash(fixtures.checkpoint()), "tiny-sd1",
                    (step, sigma, x, d) -> xs.add(x.toFloatArray()), null, null, List.of(tokenizer));
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            root.close();
            throw e;
        }
        try (DjlPipeline pipeline = new DjlPipeline(root, parts, fixtures.upscalerDir())) {
            return pipeline.generate(request);
        }
    }

    private static GenerationRequest request(JsonNode p) {
        HiresFix.Builder h = HiresFix.builder().upscaler(p.path("hr_upscaler").asText())
                .denoisingStrength(p.path("denoising_strength").asDouble())
                .steps(p.path("hr_second_pass_steps").asInt(0))
                .resizeX(p.path("hr_resize_x").asInt(0)).resizeY(p.path("hr_resize_y").asInt(0))
                .prompt(p.path("hr_prompt").asText("")).negativePrompt(p.path("hr_negative_prompt").asText(""));
        if (p.hasNonNull("hr_scale")) {
            h.scale(p.path("hr_scale").asDouble());
        }
        return GenerationRequest.builder().prompt(p.path("prompt").asText())
                .negativePrompt(p.path("negative_prompt").asText("")).seed(p.path("seed").asLong())
                .sampler(p.path("sampler_name").asText()).scheduler(p.path("scheduler").asText("Automatic"))
                .steps(p.path("steps").asInt()).cfgScale(p.path("cfg_scale").asDouble())
                .size(p.path("width").asInt(), p.path("height").asInt()).rngSource(RngSource.CPU)
                .hires(h.build()).build();
    }

    /** The text conditioning, each pass's result checked against {@code cond}/{@code uncond} or {@code hr_*}. */
    private static PromptConditioner checked(PromptConditioner text, GoldenChecks checks) {
        return new PromptConditioner() {
            @Override
            public Conditioning encode(GenerationRequest request, int steps, NDManager generation) {
                return compare(text.encode(request, steps, generation), "", checks);
            }

            @Override
            public Conditioning encodeHires(GenerationRequest request, int firstPassSteps, int hiresSteps,
                    NDManager generation) {
                return compare(text.encodeHires(request, firstPassSteps, hiresSteps, generation), "hr_", checks);
            }
        };
    }

    private static Conditioning compare(Conditioning c, String prefix, GoldenChecks checks) {
        checks.close(prefix + "cond", c.parts().get(0).schedule().entries().get(0).cond(), COND_ATOL);
        checks.close(prefix + "uncond", c.uncond().entries().get(0).cond(), COND_ATOL);
        return c;
    }

    /** The seeds' generators ({@link ImageRng}, CPU); the VAE posterior noise from the fixture. */
    private static NoiseFactory noise(GoldenChecks checks) {
        return (request, seeds, subseeds, shape) -> {
            ImageRng rng = ImageRng.create(NoiseSpec.builder().source(RngSource.CPU).seeds(seeds)
                    .size(Math.toIntExact(shape.get(2)) * NoiseSpec.LATENT_SCALE,
                            Math.toIntExact(shape.get(1)) * NoiseSpec.LATENT_SCALE).build());
            return new BatchNoise() {
                @Override
                public NDArray initial(NDManager manager) {
                    return rng.initialNoise(manager);
                }

                @Override
                public NoiseSampler sampler(NDManager manager) {
                    return rng.noiseSampler(manager);
                }

                @Override
                public NDArray encodeNoise(NDManager manager) {
                    return tensor(checks, "encode_noise", manager);
                }
            };
        };
    }

    private static NDArray tensor(GoldenChecks checks, String key, NDManager manager) {
        return manager.create(checks.tensor(key), new Shape(checks.shape(key)));
    }

    private static long[] shapeOf(long[] golden, int steps) {
        long[] out = golden.clone();
        out[0] = steps;
        return out;
    }

    private static float[] concat(List<float[]> arrays) {
        float[] out = new float[arrays.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
