package io.sdjava.samples.examples;

import io.sdjava.GeneratedImage;
import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Conversions at the examples' edges: {@link SdImage} keeps {@code java.desktop} out of the API, so PNGs are read
 * and written here with ImageIO, and the A1111 infotext goes into the PNG's {@code parameters} text chunk, as the
 * WebUI writes it (its "PNG Info" tab reads it back).
 */
final class ExampleImages {
    private ExampleImages() {}

    /**
     * @param file a PNG, JPEG, BMP or GIF file
     * @return its pixels as RGB (alpha dropped)
     * @throws IOException when the file cannot be read or is not an image
     */
    static SdImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not an image ImageIO can read");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        return SdImage.fromArgbPixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    /**
     * Writes {@code out/<name>-<seed>.png} with the image's infotext in the {@code parameters} chunk.
     *
     * @param out the output folder, created when missing
     * @param name the file name prefix
     * @param image the generated image
     * @return the file written
     * @throws IOException when writing fails
     */
    static Path writePng(Path out, String name, GeneratedImage image) throws IOException {
        SdImage pixels = image.image();
        BufferedImage buffered = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_RGB);
        buffered.setRGB(0, 0, pixels.width(), pixels.height(), pixels.toArgbPixels(), 0, pixels.width());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(buffered, "png", bytes);
        Path file = Files.createDirectories(out).resolve(name + "-" + image.seed() + ".png");
        Files.write(file, PngChunks.withText(bytes.toByteArray(), "parameters", image.infotext()));
        return file;
    }
}
