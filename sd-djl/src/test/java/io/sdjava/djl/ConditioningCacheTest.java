package io.sdjava.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.sdjava.Device;
import io.sdjava.Emphasis;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.InvalidPromptException;
import io.sdjava.Precision;
import io.sdjava.SdImage;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.spi.PipelineConfig;
import io.sdjava.spi.conformance.Fixtures;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The conditioning cache (A1111's {@code cached_c}/{@code cached_uc}): a counting seam around the prompt conditioner
 * shows when the text encoder runs; images are the same with and without the cache.
 */
class ConditioningCacheTest {
    private static final PipelineConfig CONFIG = new PipelineConfig(
            Fixtures.area("models").resolve("tiny-sd1.safetensors"), null, null,
            Fixtures.area("pipeline").resolve("lora"), null, Fixtures.area("text").resolve("clip-vit-large-patch14"),
            Device.cpu(), Precision.AUTO);

    /** Counts how often the prompts are encoded (each encode runs the text encoder). */
    private static final class Counting implements PromptConditioner {
        final AtomicInteger first = new AtomicInteger();
        final AtomicInteger hires = new AtomicInteger();
        private final PromptConditioner delegate;

        Counting(PromptConditioner delegate) {
            this.delegate = delegate;
        }

        @Override
        public Conditioning encode(GenerationRequest request, int scheduleSteps, NDManager generation) {
            first.incrementAndGet();
            return delegate.encode(request, scheduleSteps, generation);
        }

        @Override
        public Conditioning encodeHires(GenerationRequest hiresRequest, int firstPassSteps, int hiresSteps,
                NDManager generation) {
            hires.incrementAndGet();
            return delegate.encodeHires(hiresRequest, firstPassSteps, hiresSteps, generation);
        }
    }

    private record Spied(DjlPipeline pipeline, Counting counts) implements AutoCloseable {
        static Spied open(int cacheSize) {
            Counting[] counting = new Counting[1];
            DjlPipeline p = DjlBackendProvider.load(CONFIG, c -> counting[0] = new Counting(c), cacheSize);
            return new Spied(p, counting[0]);
        }

        List<SdImage> images(GenerationRequest r) {
            return pipeline.generate(r).images().stream().map(io.sdjava.GeneratedImage::image).toList();
        }

        int encodes() {
            return counts.first.get();
        }

        @Override
        public void close() {
            pipeline.close();
        }
    }

    private static GenerationRequest.Builder tiny(String prompt) {
        return GenerationRequest.builder().prompt(prompt).negativePrompt("blurry").size(64, 64).steps(2)
                .sampler("Euler a").seed(11);
    }

    @Test
    void textEncoderRunsOnceForABatchCountAndAgainWhenAnythingItDependsOnChanges() {
        GenerationRequest base = tiny("a (red:1.2) car, [city:town:1]").batchCount(3).build();
        try (Spied cached = Spied.open(DjlPipeline.CONDITIONING_CACHE_SIZE); Spied plain = Spied.open(0)) {
            List<SdImage> first = cached.images(base);
            assertEquals(3, first.size());
            assertEquals(1, cached.encodes(), "batch_count 3 encodes once");
            assertEquals(first, cached.images(base), "cache hit gives the same images");
            assertEquals(first, cached.images(base.toBuilder().seed(11).batchCount(3).build()));
            assertEquals(1, cached.encodes(), "same prompts again: reused");
            cached.images(base.toBuilder().seed(99).cfgScale(5).sampler("DPM++ 2M").batchCount(1).build());
            assertEquals(1, cached.encodes(), "seed, CFG and sampler do not affect the conditioning");
            assertEquals(first, plain.images(base), "images without the cache are the same");
            assertEquals(1, plain.encodes());

            int expected = 1;
            GenerationRequest single = base.toBuilder().batchCount(1).build();
            for (GenerationRequest changed : List.of(
                    single.toBuilder().prompt("a (blue:1.2) car, [city:town:1]").build(),
                    single.toBuilder().negativePrompt("ugly").build(),
                    single.toBuilder().steps(3).build(),
                    single.toBuilder().clipSkip(2).build(),
                    single.toBuilder().emphasis(Emphasis.NO_NORM).build(),
                    single.toBuilder().commaPaddingBacktrack(0).build())) {
                List<SdImage> images = cached.images(changed);
                assertEquals(++expected, cached.encodes(), () -> "re-encoded after " + changed);
                assertEquals(plain.images(changed), images, () -> "same images without the cache for " + changed);
            }
        }
    }

    @Test
    void loraTextEncoderMultipliersInvalidateTheCacheButUNetOnlyChangesDoNot() {
        try (Spied cached = Spied.open(DjlPipeline.CONDITIONING_CACHE_SIZE); Spied plain = Spied.open(0)) {
            GenerationRequest none = tiny("a red car").build();
            List<GenerationRequest> sequence = List.of(none,
                    tiny("a red car <lora:tiny_lora:1:1>").build(),
                    tiny("a red car <lora:tiny_lora:1:0.5>").build(),
                    tiny("a red car <lora:tiny_lora:0.5:0.5>").build(),
                    none);
            int[] encodesAfter = {1, 2, 2, 3, 4};
            for (int i = 0; i < sequence.size(); i++) {
                GenerationRequest r = sequence.get(i);
                assertEquals(plain.images(r), cached.images(r), "same images with and without the cache: " + i);
                assertEquals(encodesAfter[i], cached.encodes(), "text encoder runs after request " + i);
            }
            assertNotEquals(cached.images(sequence.get(0)), cached.images(sequence.get(1)), "the LoRA has an effect");
        }
    }

    @Test
    void hiresPassConditioningIsCachedToo() {
        GenerationRequest r = tiny("a castle").batchCount(2).hires(HiresFix.builder().upscaler("Latent").scale(1.5)
                .steps(1).denoisingStrength(0.5).build()).build();
        try (Spied cached = Spied.open(DjlPipeline.CONDITIONING_CACHE_SIZE); Spied plain = Spied.open(0)) {
            List<SdImage> images = cached.images(r);
            assertEquals(1, cached.counts.hires.get(), "hires conditioning encoded once for two batches");
            assertEquals(1, cached.encodes());
            assertEquals(images, cached.images(r));
            assertEquals(1, cached.counts.hires.get());
            assertEquals(images, plain.images(r));
            assertEquals(2, plain.counts.hires.get(), "without the cache: once per batch");
        }
    }

    @Test
    void failedEncodingCachesNothingAndEvictedEntriesAreFreed() {
        try (Spied cached = Spied.open(1)) {
            assertThrows(InvalidPromptException.class, () -> cached.images(tiny("a (cat:1.2.3)").build()));
            assertEquals(0, cached.pipeline.conditioningCache().size());
            assertEquals(0, cached.pipeline.conditioningCache().arrayCount());
            cached.images(tiny("a cat").build());
            int one = cached.pipeline.conditioningCache().arrayCount();
            cached.images(tiny("a dog").build());
            assertEquals(1, cached.pipeline.conditioningCache().size());
            assertEquals(one, cached.pipeline.conditioningCache().arrayCount(), "the evicted entry was closed");
        }
    }
}
