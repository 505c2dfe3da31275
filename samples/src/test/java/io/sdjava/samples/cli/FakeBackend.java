package io.sdjava.samples.cli;

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

/**
 * A test backend ({@code --backend fake}): records the config and request, reports steps and images like a real
 * backend (a hires pass adds a second pass per batch) and returns flat grey images with a made-up infotext.
 */
public final class FakeBackend implements BackendProvider {
    static volatile PipelineConfig lastConfig;
    static volatile GenerationRequest lastRequest;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public int rank() {
        return 1000;
    }

    @Override
    public Pipeline create(PipelineConfig config) {
        lastConfig = config;
        return new Pipeline() {
            @Override
            public GenerationResult generate(GenerationRequest request) {
                lastRequest = request;
                request.listener().onStart(request);
                long seed = request.seed() == -1 ? 1234 : request.seed();
                List<GeneratedImage> images = new ArrayList<>();
                int passes = request.hires().enabled() ? 2 : 1;
                for (int batch = 0; batch < request.batchCount(); batch++) {
                    for (int pass = 0; pass < passes; pass++) {
                        for (int step = 1; step <= request.steps(); step++) {
                            request.cancellation().throwIfCancelled();
                            request.listener().onStep(new StepEvent(step, request.steps(), 1.0 / step));
                        }
                    }
                    for (int i = 0; i < request.batchSize(); i++) {
                        long s = seed + (long) batch * request.batchSize() + i;
                        GeneratedImage image = new GeneratedImage(grey(request), s, s,
                                request.prompt() + "\nSteps: " + request.steps() + ", Seed: " + s + ", Ünïcode");
                        request.listener().onImage(image);
                        images.add(image);
                    }
                }
                return new GenerationResult(images);
            }

            @Override
            public void close() {}
        };
    }

    private static SdImage grey(GenerationRequest r) {
        byte[] rgb = new byte[r.width() * r.height() * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        return SdImage.fromRgb(r.width(), r.height(), rgb);
    }
}
