package io.sdjava.tagger;

import io.sdjava.InvalidRequestException;
import io.sdjava.SdImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads image files for tagging the way the v3 taggers' reference app does: transparent pixels are composited
 * over white with Pillow's integer {@code alpha_composite} formula {@code (c*a + 255*(255-a) + 127) / 255}, and
 * grayscale becomes R = G = B. Sample values are read from the raster, so no color-space conversion alters
 * grayscale PNGs; 16-bit samples keep their high byte. Thread-safe (stateless).
 */
public final class TaggerImageReader {
    private TaggerImageReader() {}

    /**
     * @param file a PNG, JPEG, BMP or GIF file
     * @return the image as RGB, alpha composited on white
     * @throws UncheckedIOException if the file cannot be read
     * @throws InvalidRequestException if the file is not a supported image
     */
    public static SdImage read(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
        if (image == null) {
            throw new InvalidRequestException("not a readable image: " + file + " (supported: PNG, JPEG, BMP, GIF)");
        }
        return fromBufferedImage(image);
    }

    /**
     * @param image an AWT image
     * @return the image as RGB, alpha composited on white
     */
    public static SdImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        int type = raster.getTransferType();
        boolean direct = !(image.getColorModel() instanceof IndexColorModel)
                && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT)
                && raster.getNumBands() >= 1 && raster.getNumBands() <= 4;
        int downshift = type == DataBuffer.TYPE_USHORT ? 8 : 0;
        byte[] rgb = new byte[w * h * 3];
        if (direct) {
            int bands = raster.getNumBands();
            int[] px = new int[bands];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    for (int b = 0; b < bands; b++) {
                        px[b] >>= downshift;
                    }
                    boolean gray = bands <= 2;
                    int alpha = bands == 2 ? px[1] : bands == 4 ? px[3] : 255;
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] = (byte) onWhite(gray ? px[0] : px[c], alpha);
                    }
                }
            }
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                int a = argb[i] >>> 24;
                rgb[i * 3] = (byte) onWhite((argb[i] >> 16) & 0xff, a);
                rgb[i * 3 + 1] = (byte) onWhite((argb[i] >> 8) & 0xff, a);
                rgb[i * 3 + 2] = (byte) onWhite(argb[i] & 0xff, a);
            }
        }
        return SdImage.fromRgb(w, h, rgb);
    }

    /**
     * @param c a channel value 0..255
     * @param a its alpha 0..255
     * @return the value over an opaque white background, as Pillow's {@code alpha_composite} computes it
     */
    static int onWhite(int c, int a) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }
}
