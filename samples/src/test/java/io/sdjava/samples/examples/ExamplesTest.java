package io.sdjava.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.djl.infotext.PngChunks;
import io.sdjava.spi.conformance.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example's {@code main} on the tiny fixtures (checkpoint, tokenizer, LoRA, embeddings, upscaler and
 * tagger models) and checks what it wrote: the files, their sizes and the infotext in their PNG chunks.
 */
class ExamplesTest {
    private static final Path CHECKPOINT = Fixtures.area("models").resolve("tiny-sd1.safetensors");
    private static final Path TOKENIZER = Fixtures.area("text").resolve("clip-vit-large-patch14");

    @TempDir
    Path dir;

    @Test
    void embeddingExampleUsesLoraAndNegativeEmbeddingThenCancels() throws Exception {
        Path networks = Fixtures.area("pipeline");
        Path out = dir.resolve("out");
        String text = captureOut(() -> EmbeddingExample.main(args(CHECKPOINT, out, "--tokenizer", TOKENIZER,
                "--lora-dir", networks.resolve("lora"), "--lora", "tiny_lora", "--embeddings-dir",
                networks.resolve("embeddings"), "--negative-embedding", "easyneg", "--size", "64", "--steps", "3")));

        Path png = out.resolve("cat-42.png");
        assertEquals(List.of(png), pngs(out), "only the first generation writes a file");
        String infotext = infotext(png);
        assertEquals(64, ImageIO.read(png.toFile()).getWidth());
        assertTrue(infotext.startsWith("a photo of a cat, (masterpiece:1.2) <lora:tiny_lora:0.8>\n"
                + "Negative prompt: blurry, easyneg\nSteps: 3, Sampler: Euler a,"), infotext);
        assertTrue(infotext.contains("Seed: 42, Size: 64x64, Model hash: "), infotext);
        assertTrue(infotext.contains("Lora hashes: \"tiny_lora: ") && infotext.contains("TI hashes: \"easyneg: "),
                infotext);
        assertTrue(text.contains("saved " + png + "\n" + infotext + "\n"), text);
        assertEquals(List.of("step 1/3", "step 2/3", "step 3/3"),
                text.lines().filter(l -> l.startsWith("step ")).map(l -> l.substring(0, 8)).toList(), text);
        assertTrue(text.contains("second generation cancelled"), text);
    }

    @Test
    void hiresFixExampleWritesEsrganAndLatentImagesAtTwiceTheSize() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models.resolve("RealESRGAN"));
        // The tiny x4 RRDBNet under the WebUI's file name of "R-ESRGAN 4x+ Anime6B".
        Files.createSymbolicLink(models.resolve("RealESRGAN/RealESRGAN_x4plus_anime_6B.pth"),
                Fixtures.area("upscale").resolve("tiny_x4.pth"));
        Path out = dir.resolve("out");
        String text = captureOut(() -> HiresFixExample.main(args(CHECKPOINT, out, "--models-dir", models,
                "--tokenizer", TOKENIZER, "--size", "64", "--steps", "2")));

        Path esrgan = out.resolve("hires-anime6b-1234.png");
        Path latent = out.resolve("hires-latent-1234.png");
        assertEquals(List.of(esrgan, latent), pngs(out));
        for (Path png : List.of(esrgan, latent)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(128, image.getWidth());
            assertEquals(128, image.getHeight());
            String infotext = infotext(png);
            assertTrue(infotext.contains("Size: 64x64") && infotext.contains("Hires upscale: 2.0,"), infotext);
            assertTrue(text.contains(infotext), text);
        }
        assertTrue(infotext(esrgan).contains("Denoising strength: 0.45")
                && infotext(esrgan).contains("Hires upscaler: R-ESRGAN 4x+ Anime6B"), infotext(esrgan));
        assertTrue(infotext(latent).contains("Denoising strength: 0.6")
                && infotext(latent).contains("Hires upscaler: Latent"), infotext(latent));
        assertNotEquals(pixels(esrgan), pixels(latent));
    }

    @Test
    void img2ImgExampleStartsFromATexture() throws Exception {
        Path texture = dir.resolve("stone.png");
        BufferedImage stone = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                stone.setRGB(x, y, ((x ^ y) & 4) == 0 ? 0x7a7a7a : 0x5d5d5d);
            }
        }
        ImageIO.write(stone, "png", texture.toFile());
        Path out = dir.resolve("out");
        String text = captureOut(() -> Img2ImgExample.main(args(CHECKPOINT, texture, out, "--tokenizer", TOKENIZER,
                "--strength", "0.5", "--size", "64", "--steps", "4")));

        Path png = out.resolve("img2img-7.png");
        assertEquals(List.of(png), pngs(out));
        assertEquals(64, ImageIO.read(png.toFile()).getHeight());
        String infotext = infotext(png);
        assertTrue(infotext.startsWith("mossy stone bricks, pixel art, texture\nNegative prompt: blurry, text\n"),
                infotext);
        assertTrue(infotext.contains("Denoising strength: 0.5") && infotext.contains("Size: 64x64")
                && infotext.contains("Tiling: True"), infotext);
        assertTrue(text.startsWith("16x16 -> 64x64\n"), text);
    }

    @Test
    void taggingExampleTagsExtendsThePromptAndGenerates() throws Exception {
        // The first tagger case of the fixtures and the prompt the A1111 extension's default settings gave for it.
        Path area = Fixtures.area("tagger");
        JsonNode tagCase;
        try (Stream<Path> files = Files.list(area)) {
            Path json = files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString()
                    .startsWith("cases_index") && !p.getFileName().toString().startsWith("inventory_")).sorted()
                    .findFirst().orElseThrow();
            tagCase = new ObjectMapper().readTree(json.toFile());
        }
        String expectedTags = null;
        for (JsonNode post : tagCase.get("extension_postprocess")) {
            if (post.get("settings").get("id").asText().equals("ext_default")) {
                expectedTags = post.get("prompt").asText();
            }
        }
        assertTrue(expectedTags != null && !expectedTags.isEmpty(), "no ext_default prompt in " + tagCase.get("id"));
        Path out = dir.resolve("out");
        String text = captureOut(() -> TaggingExample.main(args(area.resolve(tagCase.get("model").asText()),
                area.resolve(tagCase.get("image").asText()), CHECKPOINT, out, "--prompt", "pixel art",
                "--tokenizer", TOKENIZER, "--size", "64", "--steps", "2")));

        String prompt = "pixel art, " + expectedTags;
        assertTrue(text.contains("rating  general"), text);
        assertTrue(text.contains("\nprompt: " + prompt + "\n"), text);
        Path png = out.resolve("tagged-99.png");
        assertEquals(List.of(png), pngs(out));
        assertTrue(infotext(png).startsWith(prompt + "\nNegative prompt: lowres\n"), infotext(png));
        assertEquals(64, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void quickStartExampleRunsWithTheTokenizerBesideTheCheckpoint() throws Exception {
        Path models = Files.createDirectories(dir.resolve("Stable-diffusion"));
        Path checkpoint = Files.createSymbolicLink(models.resolve("tiny.safetensors"), CHECKPOINT);
        Files.createSymbolicLink(models.resolve("tokenizer.json"), TOKENIZER.resolve("tokenizer.json"));
        Path out = Files.createDirectories(dir.resolve("out"));
        // main runs generate at 512x512 with 20 steps: minutes on the tiny model, so the test shrinks it.
        String text = captureOut(() -> QuickStartExample.generate(checkpoint, out, 64, 2));

        Path png = out.resolve("cat-42.png");
        assertEquals(List.of(png), pngs(out));
        assertEquals(64, ImageIO.read(png.toFile()).getWidth());
        assertTrue(text.startsWith("a photo of a cat, (masterpiece:1.2)\nNegative prompt: blurry\nSteps: 2,"
                + " Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.0, Seed: 42, Size: 64x64,"), text);
    }

    @Test
    void upscaleExampleWritesTheUpscaledPng() throws Exception {
        Path in = dir.resolve("in.png");
        Path out = dir.resolve("out.png");
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "png", in.toFile());
        String text = captureOut(() -> UpscaleExample.main(args(in, out, "Lanczos", dir, "2")));
        assertTrue(text.contains("Lanczos: 16x8 -> 32x16"), text);
        assertEquals(32, ImageIO.read(out.toFile()).getWidth());
    }

    @Test
    void compareSamplersExamplePrintsOrders() throws Exception {
        String text = captureOut(() -> CompareSamplersExample.main(new String[] {"4"}));
        assertTrue(text.lines().anyMatch(l -> l.startsWith("DPM++ 2M ") && l.contains("Karras")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("Euler a *")), text);
    }

    private static String[] args(Object... values) {
        return Stream.of(values).map(String::valueOf).toArray(String[]::new);
    }

    private static List<Path> pngs(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static String infotext(Path png) throws IOException {
        return PngChunks.text(Files.readAllBytes(png), "parameters").orElseThrow(() -> new AssertionError(
                png + " has no parameters chunk"));
    }

    private static List<Integer> pixels(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return java.util.Arrays.stream(argb).boxed().toList();
    }

    private static String captureOut(ThrowingRunnable body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
