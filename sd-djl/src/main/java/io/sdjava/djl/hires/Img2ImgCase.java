package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.rng.ImageRng;
import io.sdjava.djl.rng.NoiseSpec;
import io.sdjava.io.StateDict;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.Upscaler;

/**
 * An {@code img2img} case ("Just resize"), stage by stage from the stored inputs: the LANCZOS resize of the init
 * image, the VAE encode with the stored encode noise, steps and schedule tail, starting latent, the sampler replayed
 * on the golden denoised predictions and noise, and the decode and 8-bit result.
 */
final class Img2ImgCase extends GoldenFileCase {
    Img2ImgCase(HiresFixtures fixtures, JsonNode spec) {
        super(fixtures, spec);
    }

    @Override
    void check(JsonNode p, StateDict golden, GoldenChecks checks, NDManager root) throws Exception {
        if (p.path("resize_mode").asInt() != 0) {
            checks.fail("not implemented yet: resize_mode " + p.path("resize_mode").asInt());
            return;
        }
        int width = p.path("width").asInt();
        int height = p.path("height").asInt();
        try (Upscaler none = fixtures.upscaler(p.path("resize_upscaler").isTextual()
                ? p.path("resize_upscaler").asText() : "None")) {
            checks.image("resized_u8", none.resize(HiresCase.image(checks, "init_image_u8"), width, height));
        }
        try (HiresFixtures.Model model = fixtures.loadModel(root); NDManager scope = root.newSubManager()) {
            checks.close("encode_image", VaeImages.toUnit(HiresCase.image(checks, "resized_u8"), scope), 0.0);
            NDList encoded = model.images().encode(HiresCase.tensor(checks, "encode_image", scope),
                    HiresCase.tensor(checks, "encode_noise", scope));
            checks.close("encode_mean", encoded.get(0), GoldenChecks.ENCODE_ATOL);
            checks.close("encode_std", encoded.get(1), GoldenChecks.ENCODE_ATOL);
            checks.close("init_latent", encoded.get(2), GoldenChecks.ENCODE_ATOL);
            sample(p, checks, scope);
            checks.sigmas("sigmas_full", HiresCase.fullSigmas(p, checks.shape("sigmas_full")[0] - 1, model));
            NDArray decoded = model.images().decode(HiresCase.tensor(checks, "latent", scope));
            checks.close("decoded", decoded, GoldenChecks.DECODED_ATOL);
            checks.image("image_u8", VaeImages.toImage(HiresCase.tensor(checks, "decoded", scope)));
        }
        HiresPipelineRun.checkImageToImage(fixtures, spec, checks);
    }

    private static void sample(JsonNode p, GoldenChecks checks, NDManager scope) {
        DenoiseSchedule schedule = DenoiseSchedule.imageToImage(p.path("steps").asInt(),
                p.path("denoising_strength").asDouble());
        checks.equal("steps_total", schedule.totalSteps(), p.path("steps_total").asInt());
        checks.equal("t_enc", schedule.tEnc(), p.path("t_enc").asInt());
        double[] sigmas = schedule.tail(HiresCase.doubles(checks.tensor("sigmas_full")));
        checks.sigmas("sigma_sched", sigmas);
        NDArray init = HiresCase.tensor(checks, "init_latent", scope);
        NoiseSpec noise = HiresCase.seedNoise(p, init);
        HiresCase.checkDraws(checks, ImageRng.create(noise), "noise", "ancestral_noise", scope);
        checks.latent("x_init", ImageToImageSampling.startingLatent(init, HiresCase.tensor(checks, "noise", scope),
                sigmas[0]));
        ReplayedPass pass = ReplayedPass.run(SamplerRegistry.load(), p.path("sampler_name").asText(),
                p.path("scheduler").asText(), init, ImageRng.create(noise), sigmas, checks.tensor("denoised_per_step"),
                scope);
        checks.latent("x_per_step", pass.xPerStep(), checks.shape("x_per_step"));
        checks.sigmas("sigma_per_step", pass.sigmaPerCall());
        checks.latent("latent", pass.latent(), checks.shape("latent"));
    }

    @Override
    public String toString() {
        return id();
    }
}
