package io.sdjava.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.Emphasis;
import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.InvalidRequestException;
import io.sdjava.Pipeline;
import io.sdjava.ProgressListener;
import io.sdjava.SdImage;
import io.sdjava.StepEvent;
import io.sdjava.spi.conformance.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of the DJL pipeline through the public API on the tiny model (few steps, 64x64). */
class DjlPipelineTest {
    private static Pipeline pipeline;

    @BeforeAll
    static void load() {
        pipeline = Pipeline.builder().checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static GenerationRequest.Builder tiny(String prompt) {
        return pipeline.newRequest(prompt).size(64, 64).steps(2).sampler("Euler a").seed(5);
    }

    @Test
    void serviceLoaderFindsTheDjlBackend() {
        assertTrue(pipeline instanceof DjlPipeline);
    }

    @Test
    void listenerSeesStartStepsAndImagesInOrder() {
        List<String> events = new ArrayList<>();
        GenerationResult result = pipeline.generate(tiny("a cat").batchSize(2).listener(new ProgressListener() {
            @Override
            public void onStart(GenerationRequest request) {
                events.add("start");
            }

            @Override
            public void onStep(StepEvent event) {
                events.add("step" + event.step() + "/" + event.totalSteps());
            }

            @Override
            public void onImage(GeneratedImage image) {
                events.add("image" + image.seed());
            }
        }).build());
        assertEquals(List.of("start", "step1/2", "step2/2", "image5", "image6"), events);
        assertEquals(2, result.images().size());
    }

    @Test
    void sameRequestGivesTheSameImageAndDifferentSeedsDiffer() {
        GenerationRequest r = tiny("a dog").build();
        assertEquals(pipeline.generate(r).first().image(), pipeline.generate(r).first().image());
        assertNotEquals(pipeline.generate(r).first().image(),
                pipeline.generate(r.toBuilder().seed(6).build()).first().image());
    }

    @Test
    void infotextIsA1111s() {
        GeneratedImage image = pipeline.generate(tiny("a photo of a cat").negativePrompt("blurry").clipSkip(2)
                .build()).first();
        assertEquals("a photo of a cat\nNegative prompt: blurry\nSteps: 2, Sampler: Euler a, Schedule type: Automatic,"
                + " CFG scale: 7.0, Seed: 5, Size: 64x64, Model hash: d6f9202c18, Model: tiny-sd1, Clip skip: 2,"
                + " RNG: CPU, Version: v1.10.1", image.infotext());
    }

    @Test
    void infotextNamesANonDefaultEmphasisWhenAnEncodedTextHasBrackets() {
        GeneratedImage noNorm = pipeline.generate(tiny("a (very:1.3) tall tower").emphasis("No norm").build()).first();
        assertEquals("a (very:1.3) tall tower\nSteps: 2, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0,"
                + " Seed: 5, Size: 64x64, Model hash: d6f9202c18, Model: tiny-sd1, RNG: CPU, Emphasis: No norm,"
                + " Version: v1.10.1", noNorm.infotext());
        assertTrue(pipeline.generate(tiny("x").negativePrompt("[ugly]").emphasis(Emphasis.NONE).build()).first()
                .infotext().contains(", Emphasis: None, "), "brackets in the negative prompt count too");
        assertFalse(pipeline.generate(tiny("a (very:1.3) tall tower").build()).first().infotext()
                .contains("Emphasis"), "Original is the default and not written");
        assertFalse(pipeline.generate(tiny("[cat:dog:1]").emphasis("No norm")
                .build()).first().infotext().contains("Emphasis"), "prompt editing leaves no bracket in the texts");
    }

    @Test
    void emphasisModeAndCommaBacktrackChangeTheConditioning() {
        GenerationRequest r = tiny("a (very:1.5) tall [tower]").build();
        SdImage original = pipeline.generate(r).first().image();
        assertNotEquals(original, pipeline.generate(r.toBuilder().emphasis(Emphasis.NO_NORM).build()).first().image());
        assertNotEquals(original, pipeline.generate(r.toBuilder().emphasis(Emphasis.NONE).build()).first().image());
        assertEquals(pipeline.generate(tiny("a very tall tower").build()).first().image(),
                pipeline.generate(tiny("a (very) tall [tower]").emphasis(Emphasis.IGNORE).build()).first().image(),
                "Ignore drops the weights");
        String longPrompt = "word, ".repeat(30)
                + "a long tail of words without any comma at all that keeps going on and on and on forever";
        GenerationRequest wrap = tiny(longPrompt).build();
        assertNotEquals(pipeline.generate(wrap).first().image(),
                pipeline.generate(wrap.toBuilder().commaPaddingBacktrack(0).build()).first().image());
    }

    @Test
    void randomSeedIsDrawnAndReported() {
        GeneratedImage image = pipeline.generate(tiny("x").seed(-1).build()).first();
        assertTrue(image.seed() >= 0 && image.seed() < 4_294_967_294L, "seed " + image.seed());
        assertTrue(image.infotext().contains("Seed: " + image.seed() + ","));
    }

    @Test
    void rejectsWhatItCannotDo() {
        assertThrows(InvalidRequestException.class, () -> pipeline.generate(tiny("a <lora:missing:1>").build()));
        assertThrows(InvalidRequestException.class, () -> pipeline.generate(tiny("x").clipSkip(4).build()));
    }

    @Test
    void concurrentGenerationsMatchSequentialOnes() throws Exception {
        GenerationRequest a = tiny("a red ball").build();
        GenerationRequest b = tiny("a blue box").seed(9).build();
        GeneratedImage expectedA = pipeline.generate(a).first();
        GeneratedImage expectedB = pipeline.generate(b).first();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> fa = pool.submit(() -> pipeline.generate(a));
            Future<GenerationResult> fb = pool.submit(() -> pipeline.generate(b));
            assertEquals(expectedA.image(), fa.get().first().image());
            assertEquals(expectedB.image(), fb.get().first().image());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void infotextNamesTheLorasAndEmbeddingsUsed() {
        java.nio.file.Path fixtures = Fixtures.area("pipeline");
        try (Pipeline withFiles = Pipeline.builder().checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14"))
                .embeddingsDir(fixtures.resolve("embeddings")).loraDir(fixtures.resolve("lora")).build()) {
            String infotext = withFiles.generate(withFiles.newRequest("a portrait, tiny-style <lora:tiny_lora:0.5>")
                    .negativePrompt("easyneg").size(64, 64).steps(1).seed(3).build()).first().infotext();
            String lora = io.sdjava.djl.infotext.FileHashes.loraShortHash(fixtures.resolve("lora/tiny_lora.safetensors"));
            String style = io.sdjava.djl.infotext.FileHashes.embeddingShortHash(fixtures.resolve("embeddings/tiny-style.pt"));
            String neg = io.sdjava.djl.infotext.FileHashes.embeddingShortHash(
                    fixtures.resolve("embeddings/easyneg.safetensors"));
            assertTrue(infotext.contains(", Lora hashes: \"tiny_lora: " + lora + "\", TI hashes: \"tiny-style: "
                    + style + ", easyneg: " + neg + "\", Version: v1.10.1"), infotext);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Euler", "LMS", "Heun", "DPM2", "DPM2 a", "DPM++ 2S a",
        "DPM++ 2M", "DPM fast", "DPM adaptive", "Restart", "DDIM", "DDIM CFG++", "PLMS", "UniPC", "DPM++ 2M Karras",
        "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 3M SDE"})
    void everySamplerRuns(String sampler) {
        GeneratedImage image = pipeline.generate(tiny("a cat").sampler(sampler).steps(3).build()).first();
        assertEquals(64, image.image().width());
        assertTrue(image.infotext().contains("Sampler: "), image.infotext());
    }

    @Test
    void closedPipelineRefusesWork() {
        Pipeline other = Pipeline.builder().checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
        other.close();
        other.close();
        assertThrows(IllegalStateException.class, () -> other.generate(tiny("x").build()));
    }
}
