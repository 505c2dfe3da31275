package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.HiresFix;
import io.sdjava.RngSource;
import io.sdjava.SdImage;
import io.sdjava.djl.SamplingPlan;
import io.sdjava.djl.conditioning.DiscreteSigmas;
import io.sdjava.djl.rng.ImageRng;
import io.sdjava.djl.rng.NoiseSpec;
import io.sdjava.io.StateDict;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.Upscaler;

/**
 * A {@code txt2img_hires} case: from the golden first-pass latent, every Hires. fix stage, each from the stored
 * input of that stage (README "test stage by stage"): target size and crop, the latent upscaler or the pixel path
 * (decode, 8-bit, ESRGAN + LANCZOS, VAE encode with the stored encode noise), the crop, the second pass's steps,
 * schedule tail and starting latent, the second pass's sampler replayed on the golden denoised predictions and
 * noise, and the final decode and 8-bit image.
 */
final class HiresCase extends GoldenFileCase {
    HiresCase(HiresFixtures fixtures, JsonNode spec) {
        super(fixtures, spec);
    }

    @Override
    void check(JsonNode p, StateDict golden, GoldenChecks checks, NDManager root) throws Exception {
        HiresGeometry geometry = geometry(p, checks);
        try (HiresFixtures.Model model = fixtures.loadModel(root); NDManager scope = root.newSubManager()) {
            NDArray upscaled = upscale(p, geometry, checks, model.images(), scope);
            NDArray init = geometry.crop(upscaled);
            checks.close("hr_init_latent", init, 0.0);
            secondPass(p, checks, scope);
            checks.sigmas("hr_sigmas_full", fullSigmas(p, checks.shape("hr_sigmas_full")[0] - 1, model));
            NDArray decoded = model.images().decode(tensor(golden, "hr_latent", scope));
            checks.close("hr_decoded", decoded, GoldenChecks.DECODED_ATOL);
            checks.image("image_u8", VaeImages.toImage(tensor(golden, "hr_decoded", scope)));
        }
        HiresPipelineRun.check(fixtures, spec, checks);
    }

    /** Stage: A1111's {@code calculate_target_resolution}. */
    private static HiresGeometry geometry(JsonNode p, GoldenChecks checks) {
        HiresFix.Builder b = HiresFix.builder().upscaler(p.path("hr_upscaler").asText())
                .denoisingStrength(p.path("denoising_strength").asDouble())
                .steps(p.path("hr_second_pass_steps").asInt(0))
                .resizeX(p.path("hr_resize_x").asInt(0)).resizeY(p.path("hr_resize_y").asInt(0));
        if (p.hasNonNull("hr_scale")) {
            b.scale(p.path("hr_scale").asDouble());
        }
        HiresGeometry g = HiresGeometry.of(b.build(), p.path("width").asInt(), p.path("height").asInt());
        checks.equal("hr_upscale_to", g.upscaleWidth() + "x" + g.upscaleHeight(),
                p.path("hr_upscale_to").path(0).asInt() + "x" + p.path("hr_upscale_to").path(1).asInt());
        checks.equal("truncate_x", g.truncateX(), p.path("truncate_x").asInt());
        checks.equal("truncate_y", g.truncateY(), p.path("truncate_y").asInt());
        return g;
    }

    /** Stage: the latent upscaler, or the pixel path; returns the upscaled latent before the crop. */
    private NDArray upscale(JsonNode p, HiresGeometry g, GoldenChecks checks, VaeImages images, NDManager scope) {
        String name = p.path("hr_upscaler").asText();
        JsonNode mode = p.path("latent_scale_mode");
        LatentUpscaler latent = LatentUpscaler.forName(name).orElse(null);
        checks.equal("latent upscaler for '" + name + "'", latent == null ? null : latent.mode() + "/"
                + latent.antialias(), mode.isObject() ? mode.path("mode").asText() + "/"
                + mode.path("antialias").asBoolean() : null);
        if (latent != null) {
            NDArray first = tensor(checks, "first_latent", scope);
            checks.latent("upscaled_latent", latent.upscale(first, g.latentHeight(), g.latentWidth()));
            return tensor(checks, "upscaled_latent", scope);
        }
        pixelPath(name, g, checks, images, scope);
        return tensor(checks, "encoded_latent", scope);
    }

    private void pixelPath(String name, HiresGeometry g, GoldenChecks checks, VaeImages images, NDManager scope) {
        NDArray decoded = images.decode(tensor(checks, "first_latent", scope));
        checks.close("first_decoded", decoded, GoldenChecks.DECODED_ATOL);
        checks.image("first_image_u8", VaeImages.toImage(tensor(checks, "first_decoded", scope)));
        SdImage input = image(checks, "esrgan_input_u8");
        try (Upscaler upscaler = fixtures.upscaler(name); Upscaler none = fixtures.upscaler("None")) {
            checks.image("esrgan_input_u8", VaeImages.toImage(decoded));
            SdImage esrgan = image(checks, "esrgan_output_u8");
            long[] dest = checks.shape("upscaler_output_u8");
            checks.image("upscaler_output_u8", none.resize(esrgan, (int) dest[1], (int) dest[0]));
            checks.image("resized_u8", none.resize(image(checks, "upscaler_output_u8"), g.upscaleWidth(),
                    g.upscaleHeight()));
            // the whole resize_image through the model (its raw output is the upscale area's business)
            checks.image("resized_u8", upscaler.resize(input, g.upscaleWidth(), g.upscaleHeight()));
        }
        NDArray unit = VaeImages.toUnit(image(checks, "resized_u8"), scope);
        checks.close("encode_image", unit, 0.0);
        NDList encoded = images.encode(tensor(checks, "encode_image", scope), tensor(checks, "encode_noise", scope));
        checks.close("encode_mean", encoded.get(0), GoldenChecks.ENCODE_ATOL);
        checks.close("encode_std", encoded.get(1), GoldenChecks.ENCODE_ATOL);
        checks.close("encoded_latent", encoded.get(2), GoldenChecks.ENCODE_ATOL);
    }

    /** Stage: steps, schedule tail, starting latent and the replayed sampler. */
    private void secondPass(JsonNode p, GoldenChecks checks, NDManager scope) {
        int steps = p.path("hr_second_pass_steps").asInt(0) == 0 ? p.path("steps").asInt()
                : p.path("hr_second_pass_steps").asInt();
        checks.equal("hr_steps_arg", steps, p.path("hr_steps_arg").asInt());
        DenoiseSchedule schedule = DenoiseSchedule.fixedSteps(steps, p.path("denoising_strength").asDouble());
        checks.equal("hr_steps_total", schedule.totalSteps(), p.path("hr_steps_total").asInt());
        checks.equal("hr_t_enc", schedule.tEnc(), p.path("hr_t_enc").asInt());
        double[] sigmas = schedule.tail(doubles(checks.tensor("hr_sigmas_full")));
        checks.sigmas("hr_sigma_sched", sigmas);
        NDArray init = tensor(checks, "hr_init_latent", scope);
        NoiseSpec noise = seedNoise(p, init);
        checkDraws(checks, ImageRng.create(noise), "hr_noise", "hr_ancestral_noise", scope);
        checks.latent("hr_x_init", ImageToImageSampling.startingLatent(init, tensor(checks, "hr_noise", scope),
                sigmas[0]));
        ReplayedPass pass = ReplayedPass.run(SamplerRegistry.load(), p.path("sampler_name").asText(),
                p.path("scheduler").asText(), init, ImageRng.create(noise), sigmas,
                checks.tensor("hr_denoised_per_step"), scope);
        checks.latent("hr_x_per_step", pass.xPerStep(), checks.shape("hr_x_per_step"));
        checks.sigmas("hr_sigma_per_step", pass.sigmaPerCall());
        checks.latent("hr_latent", pass.latent(), checks.shape("hr_latent"));
    }

    /** README rule 6: a new generator per image seeded with the seed, at the latent's shape. */
    static NoiseSpec seedNoise(JsonNode p, NDArray latent) {
        Shape shape = latent.getShape();
        return NoiseSpec.builder().source(RngSource.CPU).seeds(p.path("seed").asLong())
                .size(Math.toIntExact(shape.get(3)) * NoiseSpec.LATENT_SCALE,
                        Math.toIntExact(shape.get(2)) * NoiseSpec.LATENT_SCALE).build();
    }

    /** The generator's first draw against {@code first}, its next draws against {@code later} (if recorded). */
    static void checkDraws(GoldenChecks checks, ImageRng rng, String first, String later, NDManager scope) {
        checks.close(first, rng.initialNoise(scope), 0.0);
        if (!checks.has(later)) {
            return;
        }
        long[] shape = checks.shape(later);
        float[] draws = new float[Math.toIntExact(new Shape(shape).size())];
        int per = draws.length / Math.toIntExact(shape[0]);
        for (int k = 0; k < shape[0]; k++) {
            System.arraycopy(rng.next(scope).toFloatArray(), 0, draws, k * per, per);
        }
        checks.close(later, draws, shape, 0.0);
    }

    /** The pass's sampler and scheduler over {@code steps}, as the pipeline resolves them. */
    static double[] fullSigmas(JsonNode p, long steps, HiresFixtures.Model model) {
        return SamplingPlan.resolve(SamplerRegistry.load(), p.path("sampler_name").asText(),
                p.path("scheduler").asText(), Math.toIntExact(steps),
                new DiscreteSigmas(model.model().alphasCumprod()), SamplerOptions.defaults()).sigmas();
    }

    static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static NDArray tensor(GoldenChecks checks, String key, NDManager manager) {
        return manager.create(checks.tensor(key), new Shape(checks.shape(key)));
    }

    private static NDArray tensor(StateDict golden, String key, NDManager manager) {
        return manager.create(golden.toFloatArray(key), new Shape(golden.info(key).shape()));
    }

    /** @return an I32 HWC golden image as an {@link SdImage} */
    static SdImage image(GoldenChecks checks, String key) {
        long[] shape = checks.shape(key);
        float[] values = checks.tensor(key);
        byte[] rgb = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            rgb[i] = (byte) Math.round(values[i]);
        }
        return SdImage.fromRgb((int) shape[1], (int) shape[0], rgb);
    }

    @Override
    public String toString() {
        return id();
    }
}
