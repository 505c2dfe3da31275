package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.CancellationToken;
import io.sdjava.Emphasis;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.ProgressListener;
import io.sdjava.RngSource;
import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private static GenerationRequest parse(String... args) {
        GenerateCommand cmd = new GenerateCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.request(ProgressListener.NONE, CancellationToken.never());
    }

    @Test
    void optionsNotGivenKeepTheApiDefaults() {
        GenerationRequest r = parse("--checkpoint", "x.safetensors", "--prompt", "a cat");
        GenerationRequest defaults = GenerationRequest.builder().prompt("a cat").build();
        assertEquals(defaults, r);
        assertFalse(r.hires().enabled());
    }

    @Test
    void everyOptionMapsOntoTheRequest() {
        GenerationRequest r = parse("--checkpoint", "x.safetensors", "-p", "a (cat:1.2)", "-n", "blurry",
                "-W", "640", "--height", "384", "--steps", "7", "--cfg-scale", "4.5", "--sampler", "Euler a",
                "--scheduler", "Karras", "--seed", "42", "--subseed", "9", "--subseed-strength", "0.25",
                "--batch-size", "2", "--batch-count", "3", "--clip-skip", "2", "--tiling", "--rng", "NV",
                "--emphasis", "No norm", "--comma-backtrack", "0");
        assertEquals("a (cat:1.2)", r.prompt());
        assertEquals("blurry", r.negativePrompt());
        assertEquals(640, r.width());
        assertEquals(384, r.height());
        assertEquals(7, r.steps());
        assertEquals(4.5, r.cfgScale());
        assertEquals("Euler a", r.sampler());
        assertEquals("Karras", r.scheduler());
        assertEquals(42, r.seed());
        assertEquals(9, r.subseed());
        assertEquals(0.25, r.subseedStrength());
        assertEquals(2, r.batchSize());
        assertEquals(3, r.batchCount());
        assertEquals(2, r.clipSkip());
        assertEquals(Emphasis.NO_NORM, r.emphasis());
        assertEquals(0, r.commaPaddingBacktrack());
        assertTrue(r.tiling());
        assertEquals(RngSource.NV, r.rngSource());
        assertNull(r.initImage());
    }

    @Test
    void anyHiresOptionEnablesTheHiresFixWithA1111Defaults() {
        HiresFix h = parse("--checkpoint", "x", "--hires-scale", "1.5").hires();
        assertTrue(h.enabled());
        assertEquals(HiresFix.builder().scale(1.5).build(), h);
        HiresFix all = parse("--checkpoint", "x", "--hires-upscaler", "R-ESRGAN 4x+", "--hires-steps", "5",
                "--hires-denoising", "0.3").hires();
        assertEquals(HiresFix.builder().upscaler("R-ESRGAN 4x+").steps(5).denoisingStrength(0.3).build(), all);
        assertEquals(HiresFix.builder().build(), parse("--checkpoint", "x", "--hires").hires());
    }

    @Test
    void initImageAndStrengthMakeAnImageToImageRequest() {
        Path init = dir.resolve("init.png");
        SdImage image = SdImage.fromRgb(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        PngFiles.write(init, image, null);
        GenerationRequest r = parse("--checkpoint", "x", "--init-image", init.toString(), "--denoising-strength",
                "0.4");
        assertTrue(r.isImageToImage());
        assertEquals(image, r.initImage());
        assertEquals(0.4, r.denoisingStrength());
    }

    @Test
    void fromPngTakesTheInfotextAndOptionsOverrideIt() {
        Path png = io.sdjava.spi.conformance.Fixtures.area("infotext").resolve("png/hires_latent.png");
        GenerationRequest pasted = parse("--checkpoint", "x", "--from-png", png.toString());
        assertEquals("a castle on a hill", pasted.prompt());
        assertEquals("fog", pasted.negativePrompt());
        assertEquals(21, pasted.seed());
        assertEquals(64, pasted.width());
        assertEquals("Euler a", pasted.sampler());
        assertEquals(RngSource.NV, pasted.rngSource());
        assertEquals(HiresFix.builder().upscaler("Latent").scale(2).denoisingStrength(0.7).build(), pasted.hires());

        GenerationRequest changed = parse("--checkpoint", "x", "--from-png", png.toString(), "--seed", "5",
                "--prompt", "a tower", "--hires-steps", "3", "--rng", "CPU");
        assertEquals(5, changed.seed());
        assertEquals("a tower", changed.prompt());
        assertEquals("fog", changed.negativePrompt());
        assertEquals(RngSource.CPU, changed.rngSource());
        assertEquals(pasted.hires().toBuilder().steps(3).build(), changed.hires());
        assertFalse(parse("--checkpoint", "x", "--from-png", png.toString(), "--no-hires").hires().enabled());
    }

    @Test
    void fromPngTakesTheEmphasisModeAndTheOptionOverridesIt() {
        Path png = dir.resolve("no-norm.png");
        PngFiles.write(png, SdImage.fromRgb(1, 1, new byte[3]), "a (very:1.3) tall tower\nSteps: 4, Sampler: Euler a, "
                + "Schedule type: Automatic, CFG scale: 7.0, Seed: 39, Size: 64x64, Emphasis: No norm, "
                + "Version: v1.10.1");
        assertEquals(Emphasis.NO_NORM, parse("--checkpoint", "x", "--from-png", png.toString()).emphasis());
        assertEquals(Emphasis.NONE, parse("--checkpoint", "x", "--from-png", png.toString(), "--emphasis", "None")
                .emphasis());
    }

    @Test
    void fromPngWithoutInfotextIsAnError() throws IOException {
        Path png = dir.resolve("plain.png");
        PngFiles.write(png, SdImage.fromRgb(1, 1, new byte[3]), null);
        Path checkpoint = Files.writeString(dir.resolve("model.safetensors"), "fake");
        CliRun run = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(), "--from-png",
                png.toString(), "--out", dir.toString());
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err().contains("has no 'parameters' text chunk"), run.err());
    }

    @Test
    void generatesThroughTheBackendAndWritesNumberedPngsWithInfotext() throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("model.safetensors"), "fake");
        Path loras = Files.createDirectories(dir.resolve("Lora"));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("00041-7.png"), "older image");
        CliRun run = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(),
                "--lora-dir", loras.toString(), "--prompt", "a cat", "--steps", "3", "--seed", "42",
                "--batch-size", "2", "--batch-count", "2", "--width", "64", "--height", "72", "--hires-scale", "1.5",
                "--out", out.toString());
        assertEquals(0, run.code, run.toString());
        assertEquals(checkpoint, FakeBackend.lastConfig.checkpoint());
        assertEquals(loras, FakeBackend.lastConfig.loraDir());
        assertEquals(List.of("00041-7.png", "00042-42.png", "00043-43.png", "00044-44.png", "00045-45.png"),
                files(out));
        byte[] png = Files.readAllBytes(out.resolve("00043-43.png"));
        assertEquals("a cat\nSteps: 3, Seed: 43, Ünïcode", PngChunks.text(png, "parameters").orElseThrow());
        assertEquals(64, PngFiles.read(out.resolve("00043-43.png")).width());
        assertTrue(run.out().contains("wrote " + out.resolve("00045-45.png") + " (seed 45)"), run.out());
        assertTrue(run.err().contains("batch 2/2 hires [") && run.err().contains("3/3 steps"), run.err());
    }

    @Test
    void badValuesAreOneLineErrors() throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("model.safetensors"), "fake");
        CliRun width = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(), "--width",
                "500", "--out", dir.toString());
        assertEquals(1, width.code, width.toString());
        assertEquals(1, width.err().lines().count(), width.err());
        assertTrue(width.err().startsWith("sd generate: width 500"), width.err());

        CliRun sampler = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(),
                "--sampler", "Eulr", "--out", dir.toString());
        assertEquals(1, sampler.code, sampler.toString());
        assertTrue(sampler.err().contains("Eulr") && sampler.err().contains("Euler a"), sampler.err());

        CliRun emphasis = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(),
                "--emphasis", "Strong", "--out", dir.toString());
        assertEquals(1, emphasis.code, emphasis.toString());
        assertEquals(1, emphasis.err().lines().count(), emphasis.err());
        assertTrue(emphasis.err().contains("'Strong'") && emphasis.err().contains("Original, No norm, Ignore, None"),
                emphasis.err());
        CliRun backtrack = CliRun.of("generate", "--backend", "fake", "--checkpoint", checkpoint.toString(),
                "--comma-backtrack", "75", "--out", dir.toString());
        assertEquals(1, backtrack.code, backtrack.toString());
        assertTrue(backtrack.err().contains("commaPaddingBacktrack 75"), backtrack.err());

        CliRun missing = CliRun.of("generate", "--backend", "fake", "--checkpoint", dir.resolve("no.ckpt").toString(),
                "--out", dir.toString());
        assertEquals(1, missing.code, missing.toString());
        assertTrue(missing.err().contains("no.ckpt does not exist"), missing.err());

        CliRun noCheckpoint = CliRun.of("generate", "--prompt", "x");
        assertEquals(2, noCheckpoint.code, noCheckpoint.toString());
        assertTrue(noCheckpoint.err().contains("Missing required option: '--checkpoint=FILE'"), noCheckpoint.err());
        assertTrue(files(dir).stream().noneMatch(f -> f.endsWith(".png")), files(dir).toString());
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
