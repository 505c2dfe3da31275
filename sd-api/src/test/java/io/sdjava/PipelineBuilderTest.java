package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.BackendProvider;
import io.sdjava.spi.PipelineConfig;
import io.sdjava.testing.RecordingBackend;
import io.sdjava.testing.RecordingBackend.FakePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineBuilderTest {
    @TempDir
    Path dir;

    private Path checkpoint;

    @BeforeEach
    void createCheckpoint() throws IOException {
        checkpoint = Files.write(dir.resolve("model.safetensors"), new byte[] {1});
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    @Test
    void configCarriesEverythingAndDefaults() throws IOException {
        Path vae = Files.write(dir.resolve("vae.pt"), new byte[] {1});
        Path loras = Files.createDirectory(dir.resolve("Lora"));
        PipelineConfig config = Pipeline.builder().checkpoint(checkpoint).vae(vae).loraDir(loras).config();
        assertEquals(new PipelineConfig(checkpoint, vae, null, loras, null, null, Device.cpu(), Precision.AUTO),
                config);
    }

    @Test
    void rejectsMissingOrWrongFiles() throws IOException {
        InvalidRequestException none = assertThrows(InvalidRequestException.class, () -> Pipeline.builder().config());
        assertMessage(none, "checkpoint");
        Path missing = dir.resolve("missing.safetensors");
        assertMessage(assertThrows(ModelLoadException.class, () -> Pipeline.builder().checkpoint(missing).config()),
                "checkpoint", missing.toString(), "does not exist");
        assertMessage(assertThrows(ModelLoadException.class, () -> Pipeline.builder().checkpoint(dir).config()),
                "is a directory");
        assertMessage(assertThrows(ModelLoadException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).vae(missing).config()), "vae", missing.toString());
        assertMessage(assertThrows(ModelLoadException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).loraDir(checkpoint).config()), "loraDir",
                "not a readable directory");
        assertThrows(ModelLoadException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).embeddingsDir(missing).config());
        assertThrows(ModelLoadException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).upscalerDir(missing).config());
        assertThrows(ModelLoadException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).tokenizer(missing).config());
    }

    @Test
    void rejectsNulls() {
        assertThrows(InvalidRequestException.class, () -> Pipeline.builder().checkpoint(null));
        assertThrows(InvalidRequestException.class, () -> Pipeline.builder().device(null));
        assertThrows(InvalidRequestException.class, () -> Pipeline.builder().precision(null));
    }

    @Test
    void rejectsHalfPrecisionOnCpu() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).precision(Precision.FP16).config());
        assertMessage(e, "FP16", "cpu", "FP32, AUTO");
        assertEquals(Precision.FP16,
                Pipeline.builder().checkpoint(checkpoint).device(Device.gpu(0)).precision(Precision.FP16).config()
                        .precision());
    }

    @Test
    void serviceLoaderPicksLowestRank() {
        try (Pipeline p = Pipeline.builder().checkpoint(checkpoint).build()) {
            FakePipeline fake = assertInstanceOf(FakePipeline.class, p);
            assertEquals("test-low", fake.backend());
            assertEquals(checkpoint, fake.config().checkpoint());
        }
    }

    @Test
    void builderNameWinsOverProperty() {
        try (Pipeline p = Pipeline.builder().checkpoint(checkpoint).backend("test-high").build()) {
            assertEquals("test-high", ((FakePipeline) p).backend());
        }
        List<BackendProvider> both = List.of(new RecordingBackend.High(), new RecordingBackend.Low());
        try (Pipeline p = Pipeline.builder().checkpoint(checkpoint).backend("TEST-LOW").build(both, "test-high")) {
            assertEquals("test-low", ((FakePipeline) p).backend());
        }
    }

    @Test
    void systemPropertyOverridesRank() {
        String saved = System.getProperty(BackendSelector.PROPERTY);
        System.setProperty(BackendSelector.PROPERTY, "test-high");
        try (Pipeline p = Pipeline.builder().checkpoint(checkpoint).build()) {
            assertEquals("test-high", ((FakePipeline) p).backend());
        } finally {
            if (saved == null) {
                System.clearProperty(BackendSelector.PROPERTY);
            } else {
                System.setProperty(BackendSelector.PROPERTY, saved);
            }
        }
    }

    @Test
    void unknownOrMissingBackendsAreExplained() {
        List<BackendProvider> both = List.of(new RecordingBackend.High(), new RecordingBackend.Low());
        BackendUnavailableException unknown = assertThrows(BackendUnavailableException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).build(both, "onnx"));
        assertMessage(unknown, "'onnx'", "-Dsd.backend", "test-low (rank 10), test-high (rank 20)");
        BackendUnavailableException none = assertThrows(BackendUnavailableException.class,
                () -> Pipeline.builder().checkpoint(checkpoint).build(List.of(), null));
        assertMessage(none, "io.sdjava:sd-djl");
        // files are checked before the backend
        assertThrows(InvalidRequestException.class, () -> Pipeline.builder().build(List.of(), null));
    }

    @Test
    void blankPropertyMeansAutomatic() {
        List<BackendProvider> both = List.of(new RecordingBackend.High(), new RecordingBackend.Low());
        assertEquals("test-low", BackendSelector.select(both, null, " ").name());
        assertEquals("test-low", BackendSelector.select(both, null, null).name());
    }

    @Test
    void newRequestStartsWithThePrompt() {
        try (Pipeline p = Pipeline.builder().checkpoint(checkpoint).build()) {
            GenerationRequest r = p.newRequest("a cat").steps(5).build();
            assertEquals("a cat", r.prompt());
            assertEquals(5, r.steps());
            assertTrue(p.generate(r).images().isEmpty());
        }
        assertNull(Pipeline.builder().backend(" ").checkpoint(checkpoint).config().vae());
    }
}
