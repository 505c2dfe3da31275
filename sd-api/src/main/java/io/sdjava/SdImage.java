package io.sdjava;

import java.util.Arrays;

/**
 * A small immutable 8-bit RGB image: the image type of the API, so that {@code java.desktop} (AWT,
 * ImageIO) stays out of it. Pixels are stored row by row, three bytes per pixel (red, green, blue).
 * Every array passed in or handed out is a copy. Thread-safe.
 *
 * <p>To and from {@code java.awt.image.BufferedImage}: {@code fromArgbPixels(w, h, img.getRGB(0, 0, w, h,
 * null, 0, w))} and {@code img.setRGB(0, 0, w, h, sd.toArgbPixels(), 0, w)}.
 */
public final class SdImage {
    /** The largest accepted width or height in pixels. */
    public static final int MAX_SIDE = 65_536;

    private final int width;
    private final int height;
    private final byte[] rgb;

    private SdImage(int width, int height, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * @param width width in pixels, 1..{@value #MAX_SIDE}
     * @param height height in pixels, 1..{@value #MAX_SIDE}
     * @param rgb {@code width * height * 3} bytes, row by row, R G B per pixel; copied
     * @return the image
     * @throws InvalidRequestException if a size is out of range or the array length does not match
     */
    public static SdImage fromRgb(int width, int height, byte[] rgb) {
        int length = checkedLength(width, height, 3);
        Bounds.notNull("rgb", rgb);
        if (rgb.length != length) {
            throw new InvalidRequestException("rgb has " + rgb.length + " bytes; a " + width + "x" + height
                    + " image needs exactly " + length);
        }
        return new SdImage(width, height, rgb.clone());
    }

    /**
     * @param width width in pixels, 1..{@value #MAX_SIDE}
     * @param height height in pixels, 1..{@value #MAX_SIDE}
     * @param argb {@code width * height} pixels packed as {@code 0xAARRGGBB}, row by row (the layout of
     *     {@code BufferedImage.getRGB}); alpha is ignored, so composite transparent images first
     * @return the image
     * @throws InvalidRequestException if a size is out of range or the array length does not match
     */
    public static SdImage fromArgbPixels(int width, int height, int[] argb) {
        int length = checkedLength(width, height, 1);
        Bounds.notNull("argb", argb);
        if (argb.length != length) {
            throw new InvalidRequestException("argb has " + argb.length + " pixels; a " + width + "x" + height
                    + " image needs exactly " + length);
        }
        byte[] rgb = new byte[length * 3];
        for (int i = 0; i < length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >>> 16);
            rgb[3 * i + 1] = (byte) (p >>> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        return new SdImage(width, height, rgb);
    }

    private static int checkedLength(int width, int height, int channels) {
        Bounds.inRange("width", width, 1, MAX_SIDE);
        Bounds.inRange("height", height, 1, MAX_SIDE);
        long length = (long) width * height * channels;
        if (length > Integer.MAX_VALUE - 8) {
            throw new InvalidRequestException("image " + width + "x" + height + " is too large; at most "
                    + (Integer.MAX_VALUE - 8) / 3 + " pixels");
        }
        return (int) length;
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return a copy of the pixels, {@code width * height * 3} bytes, row by row, R G B per pixel */
    public byte[] toRgb() {
        return rgb.clone();
    }

    /** @return the pixels packed as opaque {@code 0xFFRRGGBB}, row by row ({@code BufferedImage.setRGB} layout) */
    public int[] toArgbPixels() {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
        }
        return argb;
    }

    /**
     * @param x column, 0..width-1
     * @param y row, 0..height-1
     * @return the pixel as {@code 0xRRGGBB}
     * @throws IndexOutOfBoundsException if {@code x} or {@code y} is outside the image
     */
    public int rgb(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + "x" + height);
        }
        int i = 3 * (y * width + x);
        return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
    }

    /**
     * @param other another object
     * @return whether {@code other} is an image of the same size and pixels
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SdImage o && o.width == width && o.height == height && Arrays.equals(o.rgb, rgb);
    }

    /** @return a hash of the size and pixels */
    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    /** @return e.g. {@code "SdImage[512x768]"} */
    @Override
    public String toString() {
        return "SdImage[" + width + "x" + height + "]";
    }
}
