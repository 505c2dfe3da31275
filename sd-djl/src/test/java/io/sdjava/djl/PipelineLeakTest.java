package io.sdjava.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.sdjava.CancellationToken;
import io.sdjava.GenerationCancelledException;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.ProgressListener;
import io.sdjava.StepEvent;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Twenty tiny generations in a row (plain, batched, img2img, cancelled, failed inside sampling) leave the root
 * manager's array count at its value after loading, and the conditioning cache's count does not grow (each round
 * of five generations ends with the same cached arrays).
 */
class PipelineLeakTest {
    private static final Path MODELS = Fixtures.area("models");

    @Test
    void managedArraysReturnToBaseline() {
        try (Pipeline pipeline = Pipeline.builder().checkpoint(MODELS.resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build()) {
            NDManager root = ((DjlPipeline) pipeline).rootManager();
            int baseline = root.getManagedArrays().size();
            ConditioningCache cache = ((DjlPipeline) pipeline).conditioningCache();
            int[] cached = new int[20];
            GenerationRequest base = pipeline.newRequest("a (red:1.2) cat, [dog:cow:1] AND a hat :0.5")
                    .negativePrompt("blurry").size(64, 64).steps(3).sampler("Euler a").seed(7).build();
            for (int i = 0; i < 20; i++) {
                GenerationRequest request = switch (i % 5) {
                    case 1 -> base.toBuilder().batchSize(2).sampler("DPM++ 2M").scheduler("Karras").build();
                    case 2 -> base.toBuilder().initImage(pipeline.generate(base).first().image())
                            .denoisingStrength(0.5).build();
                    case 3 -> cancelledAfterFirstStep(base);
                    case 4 -> failingInStep(base);
                    default -> base.toBuilder().seed(i).build();
                };
                if (i % 5 == 3) {
                    assertThrows(GenerationCancelledException.class, () -> pipeline.generate(request));
                } else if (i % 5 == 4) {
                    assertThrows(IllegalStateException.class, () -> pipeline.generate(request));
                } else {
                    pipeline.generate(request);
                }
                assertEquals(baseline, root.getManagedArrays().size(), "managed arrays after generation " + i);
                cached[i] = cache.arrayCount();
                if (i >= 5) {
                    assertEquals(cached[i - 5], cached[i], "cached arrays after generation " + i);
                }
            }
        }
    }

    private static GenerationRequest cancelledAfterFirstStep(GenerationRequest base) {
        CancellationToken token = CancellationToken.create();
        return base.toBuilder().cancellation(token).listener(new ProgressListener() {
            @Override
            public void onStep(StepEvent event) {
                token.cancel();
            }
        }).build();
    }

    private static GenerationRequest failingInStep(GenerationRequest base) {
        return base.toBuilder().listener(new ProgressListener() {
            @Override
            public void onStep(StepEvent event) {
                if (event.step() == 2) {
                    throw new IllegalStateException("listener failure");
                }
            }
        }).build();
    }
}
