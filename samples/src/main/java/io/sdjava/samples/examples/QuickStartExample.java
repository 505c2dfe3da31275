package io.sdjava.samples.examples;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Generates with the tokenizer.json beside the checkpoint: {@code QuickStartExample CHECKPOINT OUT_DIR}. */
public final class QuickStartExample {
    public static void main(String[] args) throws Exception {
        generate(Path.of(args[0]), Path.of(args[1]), 512, 20);
    }

    static void generate(Path checkpoint, Path out, int size, int steps) throws Exception {
        try (Pipeline sd = Pipeline.builder().checkpoint(checkpoint).build()) { // load once, reuse, close
            GenerationRequest request = sd.newRequest("a photo of a cat, (masterpiece:1.2)")
                    .negativePrompt("blurry").size(size, size).steps(steps).sampler("DPM++ 2M")
                    .scheduler("Karras").seed(42).build();
            for (GeneratedImage image : sd.generate(request).images()) {
                SdImage px = image.image(); // 8-bit RGB; the API itself needs no AWT
                BufferedImage png = new BufferedImage(px.width(), px.height(), BufferedImage.TYPE_INT_RGB);
                png.setRGB(0, 0, px.width(), px.height(), px.toArgbPixels(), 0, px.width());
                ImageIO.write(png, "png", out.resolve("cat-" + image.seed() + ".png").toFile());
                System.out.println(image.infotext()); // A1111's "parameters" text
            }
        }
    }
}
