package io.sdjava.samples.examples;

import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.UpscalerProvider;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;

/**
 * Upscaling an image with a WebUI upscaler found through the {@link UpscalerProvider} SPI (sd-upscale provides
 * "R-ESRGAN 4x+", "R-ESRGAN 4x+ Anime6B", "ESRGAN_4x", any weights file by its stem, "Lanczos", "Nearest", "None").
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.UpscaleExample \
 *     in.png out.png "R-ESRGAN 4x+" models 4
 * </pre>
 * ESRGAN weights are looked up in {@code models/RealESRGAN}, {@code models/ESRGAN} and {@code models} itself.
 */
public final class UpscaleExample {
    private UpscaleExample() {}

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String name = args.length > 2 ? args[2] : "Lanczos";
        Path modelsDir = Path.of(args.length > 3 ? args[3] : "models");
        double scale = args.length > 4 ? Double.parseDouble(args[4]) : 4.0;

        // The first provider that knows the name (the SPI lets other modules add upscalers).
        UpscalerProvider provider = ServiceLoader.load(UpscalerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.ids(modelsDir).contains(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no upscaler named '" + name + "'"));

        SdImage image = ExampleImages.read(in);
        int w = image.width();
        int h = image.height();

        try (Upscaler upscaler = provider.create(name, modelsDir)) { // closing frees the model's native memory
            long start = System.nanoTime();
            SdImage result = upscaler.upscale(image, scale);
            System.out.printf("%s: %dx%d -> %dx%d in %.1f s%n", name, w, h, result.width(), result.height(),
                    (System.nanoTime() - start) / 1e9);
            BufferedImage output = new BufferedImage(result.width(), result.height(), BufferedImage.TYPE_INT_RGB);
            output.setRGB(0, 0, result.width(), result.height(), result.toArgbPixels(), 0, result.width());
            ImageIO.write(output, "png", out.toFile());
        }
    }
}
