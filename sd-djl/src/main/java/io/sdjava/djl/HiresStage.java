package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.InvalidRequestException;
import io.sdjava.SdImage;
import io.sdjava.djl.conditioning.CfgDenoiser;
import io.sdjava.djl.conditioning.DiscreteSigmas;
import io.sdjava.djl.hires.DenoiseSchedule;
import io.sdjava.djl.hires.HiresGeometry;
import io.sdjava.djl.hires.LatentUpscaler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.UpscalerProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A1111's Hires. fix second pass ({@code sample_hr_pass}): the first pass's latents are upscaled, either in latent
 * space ({@link LatentUpscaler}) or through pixels (decode, 8-bit, {@link Upscaler#resize}, VAE encode), cropped to
 * the requested box ({@link HiresGeometry}), then sampled again as img2img with the "fixed steps" schedule
 * ({@link DenoiseSchedule#fixedSteps}; timestep samplers over {@code timesteps[:t_enc]}), new generators per image
 * seeded with the image seeds at the hires shape (and per-image Brownian trees for the SDE samplers), and the hires
 * prompts. Also img2img's "Just resize" of the init image. One instance per pipeline; thread-safe (holds
 * only read-only parts).
 */
final class HiresStage {
    private final DjlPipeline.Components parts;
    private final DiscreteSigmas sigmas;
    private final ImageCodec codec;
    private final Path upscalerDir;
    private final ConditioningCache conditionings;

    /**
     * What validation resolved for the second pass.
     *
     * @param geometry the upscale size and crop
     * @param schedule the step arithmetic
     * @param sampling the second pass's sampler over the tail of its sigmas
     * @param steps the second pass's sampler steps
     */
    record Plan(HiresGeometry geometry, DenoiseSchedule schedule, SamplingPlan sampling, int steps) {}

    HiresStage(DjlPipeline.Components parts, DiscreteSigmas sigmas, ImageCodec codec, Path upscalerDir,
            ConditioningCache conditionings) {
        this.conditionings = conditionings;
        this.parts = parts;
        this.sigmas = sigmas;
        this.codec = codec;
        this.upscalerDir = upscalerDir;
    }

    /** Stage 1/3 for the hires pass: checks the settings and resolves sampler, schedule and sizes. */
    Plan plan(GenerationRequest r, SamplerOptions options) {
        HiresFix h = r.hires();
        if (!(h.denoisingStrength() > 0)) {
            throw new InvalidRequestException("hires denoisingStrength must be > 0 for the second pass, got "
                    + h.denoisingStrength());
        }
        if (LatentUpscaler.forName(h.upscaler()).isEmpty()) {
            requireUpscaler(h.upscaler());
        }
        int steps = h.steps() == 0 ? r.steps() : h.steps();
        DenoiseSchedule schedule = DenoiseSchedule.fixedSteps(steps, h.denoisingStrength());
        SamplingPlan full = SamplingPlan.resolve(parts.registry(), h.sampler() == null ? r.sampler() : h.sampler(),
                h.scheduler() == null ? r.scheduler() : h.scheduler(), schedule.totalSteps(), sigmas, options);
        return new Plan(HiresGeometry.of(h, r.width(), r.height()), schedule, full.withImageToImage(schedule), steps);
    }

    /**
     * @param r the request
     * @param plan the resolved second pass
     * @param latent the first pass's latents {@code [B, 4, h, w]}
     * @param firstPassSteps the first pass's denoiser calls (prompt editing of the second pass counts from them)
     * @param seeds the images' seeds
     * @param subseeds the images' variation seeds
     * @param scope the batch scope (owner of the result)
     * @return the second pass's latents
     */
    NDArray run(GenerationRequest r, Plan plan, NDArray latent, int firstPassSteps, long[] seeds, long[] subseeds,
            NDManager scope) {
        HiresGeometry g = plan.geometry();
        NDArray upscaled = LatentUpscaler.forName(r.hires().upscaler())
                .map(u -> u.upscale(latent, g.latentHeight(), g.latentWidth()))
                .orElseGet(() -> throughPixels(r, g, latent, seeds, subseeds));
        NDArray init = g.crop(upscaled);
        BatchNoise noise = parts.noise().create(r, seeds, subseeds,
                new Shape(4, g.croppedLatentHeight(), g.croppedLatentWidth()));
        NDArray unit = noise.initial(scope);
        SamplingPlan sampling = plan.sampling();
        GenerationRequest hiresRequest = hiresPrompts(r);
        int hiresSteps = sampling.scheduleSteps(plan.steps());
        ConditioningCache.Key key = ConditioningCache.Key.of(hiresRequest, r, "hires", firstPassSteps, hiresSteps);
        try (ConditioningCache.Lease lease = conditionings.get(key,
                m -> parts.prompts().encodeHires(hiresRequest, firstPassSteps, hiresSteps, m))) {
            CfgDenoiser denoiser = new CfgDenoiser(parts.model().unet(), sigmas, lease.conditioning(), r.batchSize(),
                    r.cfgScale(), sampling.options().quantization(), r.tiling(), scope);
            SamplingContext ctx = new SamplingContext(scope, sampling.noiseSampler(parts.registry(), noise, scope,
                    init.getShape(), seeds), sampling.options(), r.listener(), r.cancellation(), sigmas,
                    parts.observer());
            return sampling.sample(denoiser, init, unit, ctx);
        }
    }

    /**
     * img2img's {@code resize_image(0, image, width, height)} with the default img2img upscaler ("None"): one LANCZOS
     * resize when the size differs.
     *
     * @param image the init image
     * @param width the request's width
     * @param height the request's height
     * @return the image at the request's size
     */
    SdImage resizeInitImage(SdImage image, int width, int height) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        try (Upscaler none = createUpscaler("None")) {
            return none.resize(image, width, height);
        }
    }

    /** The request with the hires prompts (an unset hires prompt means the first pass's). */
    private static GenerationRequest hiresPrompts(GenerationRequest r) {
        HiresFix h = r.hires();
        return r.toBuilder().prompt(h.prompt() == null ? r.prompt() : h.prompt())
                .negativePrompt(h.negativePrompt() == null ? r.negativePrompt() : h.negativePrompt()).build();
    }

    /** Decode, 8-bit, {@code resize_image(0, ...)} with the upscaler, encode (posterior noise per image seed). */
    private NDArray throughPixels(GenerationRequest r, HiresGeometry g, NDArray latent, long[] seeds,
            long[] subseeds) {
        NDManager target = latent.getManager();
        List<SdImage> first;
        try (NDArray decoded = codec.decode(latent, r.tiling())) {
            first = ImageCodec.toImages(decoded);
        }
        List<SdImage> upscaled = new ArrayList<>(first.size());
        try (Upscaler upscaler = createUpscaler(r.hires().upscaler())) {
            for (SdImage image : first) {
                upscaled.add(upscaler.resize(image, g.upscaleWidth(), g.upscaleHeight()));
            }
        }
        NDList tensors = new NDList();
        for (SdImage image : upscaled) {
            tensors.add(ImageCodec.toTensor(image, target));
        }
        NDArray batch = tensors.size() == 1 ? tensors.get(0) : NDArrays.concat(tensors, 0);
        if (tensors.size() > 1) {
            tensors.close();
        }
        BatchNoise noise = parts.noise().create(r, seeds, subseeds, new Shape(4, g.latentHeight(), g.latentWidth()));
        try (NDArray images = batch; NDArray posteriorNoise = noise.encodeNoise(target)) {
            return codec.encode(images, posteriorNoise, r.tiling());
        }
    }

    private void requireUpscaler(String name) {
        if (provider(name) == null) {
            List<String> names = new ArrayList<>();
            for (LatentUpscaler u : LatentUpscaler.values()) {
                names.add(u.displayName());
            }
            for (UpscalerProvider p : ServiceLoader.load(UpscalerProvider.class)) {
                names.addAll(p.ids(upscalerDir));
            }
            throw new InvalidRequestException("unknown hires upscaler '" + name + "'; available: " + names
                    + (upscalerDir == null ? " (no upscaler models folder configured)" : " (models in "
                    + upscalerDir + ")"));
        }
    }

    private Upscaler createUpscaler(String name) {
        UpscalerProvider provider = provider(name);
        if (provider == null) {
            requireUpscaler(name);
        }
        return provider.create(name, upscalerDir);
    }

    private UpscalerProvider provider(String name) {
        for (UpscalerProvider p : ServiceLoader.load(UpscalerProvider.class)) {
            if (p.ids(upscalerDir).contains(name)) {
                return p;
            }
        }
        return null;
    }
}
