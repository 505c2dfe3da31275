package io.sdjava.samples.textures;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.ProgressListener;
import io.sdjava.SdImage;
import io.sdjava.StepEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates every texture of a {@link PackSpec} with a {@link Pipeline}: each one with seamless tiling at the
 * generation size, then area-averaged down to the texture size ({@link AreaDownscaler}), optionally reduced to
 * the palette size ({@link MedianCutQuantizer}) and checked to still tile ({@link SeamCheck}). Also makes the
 * pack icon from the first generated image. Not thread-safe.
 */
final class TexturePackGenerator {
    /** Side of {@code pack.png} in pixels. */
    static final int ICON_SIZE = 64;

    private final Pipeline pipeline;
    private final ProgressBar progress;

    /**
     * @param pipeline the loaded model (not closed here)
     * @param progress the progress bar to advance
     */
    TexturePackGenerator(Pipeline pipeline, ProgressBar progress) {
        this.pipeline = pipeline;
        this.progress = progress;
    }

    /**
     * The textures and the icon of a pack.
     *
     * @param textures the textures in spec order
     * @param icon the {@code pack.png} pixels
     */
    record Result(List<GeneratedTexture> textures, SdImage icon) {}

    /**
     * @param spec the checked spec
     * @return the textures, in spec order, and the icon
     */
    Result generate(PackSpec spec) {
        List<GeneratedTexture> out = new ArrayList<>();
        SdImage icon = null;
        for (TextureSpec texture : spec.textures()) {
            progress.begin(texture.id().toString());
            GeneratedImage image = pipeline.generate(request(spec, texture)).first();
            if (icon == null) {
                int side = Math.min(ICON_SIZE, spec.generationSize());
                icon = AreaDownscaler.downscale(image.image(), side, side);
            }
            out.add(postProcess(spec, texture, image));
            progress.finish();
        }
        return new Result(out, icon);
    }

    /** The request of one texture; {@code tiling} is always on. */
    GenerationRequest request(PackSpec spec, TextureSpec texture) {
        return pipeline.newRequest(texture.fullPrompt())
                .negativePrompt(texture.fullNegativePrompt())
                .size(spec.generationSize(), spec.generationSize())
                .steps(spec.steps())
                .cfgScale(spec.cfgScale())
                .sampler(spec.sampler())
                .scheduler(spec.scheduler())
                .seed(texture.seed())
                .tiling(true)
                .listener(new ProgressListener() {
                    @Override
                    public void onStep(StepEvent event) {
                        progress.step(event.step(), event.totalSteps());
                    }
                })
                .build();
    }

    static GeneratedTexture postProcess(PackSpec spec, TextureSpec texture, GeneratedImage image) {
        SdImage small = AreaDownscaler.downscale(image.image(), spec.textureSize(), spec.textureSize());
        if (spec.paletteColors() > 0) {
            small = MedianCutQuantizer.quantize(small, spec.paletteColors());
        }
        return new GeneratedTexture(texture, small, image.infotext(), SeamCheck.of(small));
    }
}
