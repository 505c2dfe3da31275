package io.sdjava.samples.textures;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import io.sdjava.StepEvent;
import io.sdjava.spi.BackendProvider;
import io.sdjava.spi.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A test backend ({@code --backend fake-textures}) whose images are deterministic sums of a few sinusoids with
 * whole periods over the image, so they tile exactly when {@code tiling} is on, and carry a linear ramp that
 * breaks tiling when it is off. Everything is derived from the seed and the prompt.
 */
public final class FakeTextureBackend implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "fake-textures";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return 2000; // never chosen automatically over a real backend or the cli tests' fake
    }

    @Override
    public Pipeline create(PipelineConfig config) {
        return new FakePipeline(config.checkpoint().getFileName().toString());
    }

    /** The fake pipeline; tests may create it directly. */
    static final class FakePipeline implements Pipeline {
        private final String model;
        final List<GenerationRequest> requests = new ArrayList<>();

        FakePipeline(String model) {
            this.model = model;
        }

        @Override
        public GenerationResult generate(GenerationRequest r) {
            requests.add(r);
            r.listener().onStart(r);
            for (int step = 1; step <= r.steps(); step++) {
                r.listener().onStep(new StepEvent(step, r.steps(), 1.0 / step));
            }
            SdImage image = image(r.width(), r.height(), r.seed() * 31 + r.prompt().hashCode(), r.tiling());
            GeneratedImage generated = new GeneratedImage(image, r.seed(), r.seed(), infotext(r));
            r.listener().onImage(generated);
            return new GenerationResult(List.of(generated));
        }

        private String infotext(GenerationRequest r) {
            return String.format(Locale.ROOT, "%s%nNegative prompt: %s%nSteps: %d, Sampler: %s, Schedule type: %s, "
                    + "CFG scale: %s, Seed: %d, Size: %dx%d, Model: %s, Tiling: %s, Version: fake", r.prompt(),
                    r.negativePrompt(), r.steps(), r.sampler(), r.scheduler(), r.cfgScale(), r.seed(), r.width(),
                    r.height(), model, r.tiling() ? "True" : "False");
        }

        @Override
        public void close() {}
    }

    /** A deterministic image; periodic in x and y when {@code tiling}, else with a left-to-right ramp. */
    static SdImage image(int w, int h, long seed, boolean tiling) {
        SplittableRandom random = new SplittableRandom(seed);
        int waves = 4;
        double[][] params = new double[3 * waves][];
        for (int i = 0; i < params.length; i++) {
            params[i] = new double[] {random.nextInt(1, 5), random.nextInt(0, 5), random.nextDouble(2 * Math.PI),
                random.nextDouble(15, 45)};
        }
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128;
                    for (int k = 0; k < waves; k++) {
                        double[] p = params[c * waves + k];
                        v += p[3] * Math.cos(2 * Math.PI * (p[0] * x / w + p[1] * y / h) + p[2]);
                    }
                    if (!tiling) {
                        v += 200.0 * x / w - 100;
                    }
                    rgb[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return SdImage.fromRgb(w, h, rgb);
    }
}
