package io.sdjava.upscale;

import io.sdjava.io.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Reads fixture images: int32 {@code [H, W, 3]} RGB tensors, or PNG files for the large cases. */
final class GoldenImages {
    private GoldenImages() {}

    /**
     * @param goldens the goldens file
     * @param dir the fixture folder
     * @param name a tensor name such as {@code m.image_tiled.input_rgb_u8}; if absent,
     *     {@code m.image_x.input.png} (the {@code _rgb_u8} suffix dropped) is read instead
     * @return the image
     */
    static RgbImage read(StateDict goldens, Path dir, String name) {
        if (goldens.contains(name)) {
            long[] shape = goldens.info(name).shape();
            if (shape.length != 3 || shape[2] != 3) {
                throw new IllegalArgumentException(name + ": expected [H, W, 3], got " + Arrays.toString(shape));
            }
            float[] v = goldens.toFloatArray(name);
            byte[] rgb = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                rgb[i] = (byte) (int) v[i];
            }
            return new RgbImage((int) shape[1], (int) shape[0], rgb);
        }
        Path png = dir.resolve(name.replaceFirst("_rgb_u8$", "") + ".png");
        if (!Files.isRegularFile(png)) {
            throw new IllegalArgumentException("golden image '" + name + "' is neither in goldens.safetensors nor at "
                    + png);
        }
        return readPng(png);
    }

    static RgbImage readPng(Path png) {
        BufferedImage img;
        try {
            img = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png, e);
        }
        if (img == null) {
            throw new IllegalArgumentException("not a readable image: " + png);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
