package io.sdjava.samples.cli;

import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads images into {@link SdImage} and writes PNGs (optionally with A1111's {@code parameters} text chunk). */
final class PngFiles {
    /** The PNG text keyword A1111 stores the infotext under. */
    static final String PARAMETERS = "parameters";

    private PngFiles() {}

    /**
     * Reads a PNG (or any format ImageIO reads) as 8-bit RGB. Alpha is dropped, as PIL's {@code convert("RGB")}
     * does; 8-bit grayscale is replicated into the three channels without a colour-space conversion.
     *
     * @throws CliException if the file is missing or not a readable image
     */
    static SdImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("image " + file + " does not exist or is not a file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read image " + file + ": " + OneLine.describe(e), e);
        }
        if (image == null) {
            throw new CliException("cannot read image " + file + ": not a PNG, JPEG, BMP or GIF file");
        }
        return toSdImage(image);
    }

    static SdImage toSdImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean gray8 = raster.getNumBands() <= 2 && !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getComponentSize(0) == 8;
        if (gray8) {
            byte[] rgb = new byte[w * h * 3];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int i = 3 * (y * w + x);
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) row[x];
                }
            }
            return SdImage.fromRgb(w, h, rgb);
        }
        return SdImage.fromArgbPixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    /** @return the image encoded as an RGB PNG */
    static byte[] encode(SdImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, image.width(), image.height(), image.toArgbPixels(), 0, image.width());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes a PNG, creating the parent directories.
     *
     * @param parameters A1111's infotext for the {@code parameters} chunk, or {@code null} for none
     * @throws CliException if the file cannot be written
     */
    static void write(Path file, SdImage image, String parameters) {
        byte[] png = encode(image);
        if (parameters != null) {
            png = PngChunks.withText(png, PARAMETERS, parameters);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, png);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + OneLine.describe(e), e);
        }
    }
}
