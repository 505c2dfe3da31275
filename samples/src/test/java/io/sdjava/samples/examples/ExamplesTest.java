package io.sdjava.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the examples' {@code main}s on small inputs, so that they keep working, not just compiling. */
class ExamplesTest {
    @TempDir
    Path dir;

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

    @Test
    void upscaleExampleWritesTheUpscaledPng() throws Exception {
        Path in = dir.resolve("in.png");
        Path out = dir.resolve("out.png");
        ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "png", in.toFile());
        String text = captureOut(() -> UpscaleExample.main(new String[] {in.toString(), out.toString(), "Lanczos",
            dir.toString(), "2"}));
        assertTrue(text.contains("Lanczos: 16x8 -> 32x16"), text);
        assertEquals(32, ImageIO.read(out.toFile()).getWidth());
    }

    @Test
    void taggingExampleExtendsThePrompt() throws Exception {
        Path area = io.sdjava.spi.conformance.Fixtures.area("tagger");
        Path model;
        Path image;
        try (var dirs = java.nio.file.Files.list(area); var images = java.nio.file.Files.list(area.resolve("images"))) {
            model = dirs.filter(p -> p.resolve("selected_tags.csv").toFile().isFile()).sorted().findFirst()
                    .orElseThrow();
            image = images.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        String text = captureOut(() -> TaggingExample.main(new String[] {model.toString(), image.toString(),
            "pixel art"}));
        assertTrue(text.contains("rating  general"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("prompt: pixel art")), text);
    }

    @Test
    void compareSamplersExamplePrintsOrders() throws Exception {
        String text = captureOut(() -> CompareSamplersExample.main(new String[] {"4"}));
        assertTrue(text.lines().anyMatch(l -> l.startsWith("DPM++ 2M ") && l.contains("Karras")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("Euler a *")), text);
    }
}
