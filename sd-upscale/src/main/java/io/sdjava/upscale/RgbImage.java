package io.sdjava.upscale;

import java.util.Objects;

/**
 * A small mutable 8-bit RGB raster (row-major, interleaved R,G,B), the working type of the upscalers. PIL's
 * crop and paste semantics are reproduced: crops outside the image read black, pastes are clipped to the
 * destination, and a masked paste blends with PIL's integer {@code DIV255}.
 */
final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("expected " + (3L * width * height) + " RGB bytes for "
                    + width + "x" + height + ", got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** @return a black image of the given size */
    static RgbImage black(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** @return the backing array (not a copy) */
    byte[] rgb() {
        return rgb;
    }

    /** @return the channel value 0..255 at (x, y) */
    int get(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xFF;
    }

    /**
     * PIL {@code crop((x, y, x + w, y + h))}: pixels outside this image are black.
     */
    RgbImage crop(int x, int y, int w, int h) {
        RgbImage out = black(w, h);
        out.paste(this, -x, -y);
        return out;
    }

    /** PIL {@code paste(src, (x, y))}, clipped to this image. */
    void paste(RgbImage src, int x, int y) {
        int x0 = Math.max(0, x);
        int x1 = Math.min(width, x + src.width);
        if (x1 <= x0) {
            return;
        }
        for (int yy = Math.max(0, y); yy < Math.min(height, y + src.height); yy++) {
            System.arraycopy(src.rgb, ((yy - y) * src.width + (x0 - x)) * 3, rgb, (yy * width + x0) * 3,
                    (x1 - x0) * 3);
        }
    }

    /**
     * PIL {@code paste(src, (x, y), mask)} with an 8-bit mask the size of {@code src}:
     * {@code out = DIV255(dst * (255 - m) + src * m)} per channel, clipped to this image.
     *
     * @param mask row-major mask values 0..255, {@code src.width * src.height} entries
     */
    void pasteBlended(RgbImage src, int x, int y, int[] mask) {
        for (int yy = Math.max(0, y); yy < Math.min(height, y + src.height); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(width, x + src.width); xx++) {
                int m = mask[(yy - y) * src.width + (xx - x)];
                int s = ((yy - y) * src.width + (xx - x)) * 3;
                int d = (yy * width + xx) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = (rgb[d + c] & 0xFF) * (255 - m) + (src.rgb[s + c] & 0xFF) * m;
                    rgb[d + c] = (byte) div255(v);
                }
            }
        }
    }

    private static int div255(int v) {
        int t = v + 128;
        return (t + (t >> 8)) >> 8;
    }
}
