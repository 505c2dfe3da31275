package io.sdjava.samples.textures;

import io.sdjava.SdImage;

/**
 * Pixel-art downscale: each output pixel is the rounded mean of the {@code f x f} block of input pixels it
 * covers (a box filter over whole blocks, no overlap, no resampling kernel). Blocks never cross the image edge,
 * so a seamlessly tiling image stays seamlessly tiling. Averaging is done on the 8-bit sRGB values, as image
 * editors' "area"/"box" modes do. Stateless.
 */
final class AreaDownscaler {
    private AreaDownscaler() {}

    /**
     * @param image a square or rectangular image whose sides are multiples of {@code size}'s factor
     * @param width the output width; must divide the input width
     * @param height the output height; must divide the input height
     * @return the downscaled image (the input itself when the size is unchanged)
     * @throws IllegalArgumentException if a side does not divide evenly
     */
    static SdImage downscale(SdImage image, int width, int height) {
        if (image.width() % width != 0 || image.height() % height != 0) {
            throw new IllegalArgumentException("cannot area-average " + image + " to " + width + "x" + height
                    + ": the sides must divide evenly");
        }
        int fx = image.width() / width;
        int fy = image.height() / height;
        if (fx == 1 && fy == 1) {
            return image;
        }
        byte[] in = image.toRgb();
        byte[] out = new byte[width * height * 3];
        int n = fx * fy;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    for (int dy = 0; dy < fy; dy++) {
                        int row = (y * fy + dy) * image.width();
                        for (int dx = 0; dx < fx; dx++) {
                            sum += in[3 * (row + x * fx + dx) + c] & 0xFF;
                        }
                    }
                    out[3 * (y * width + x) + c] = (byte) ((sum + n / 2) / n);
                }
            }
        }
        return SdImage.fromRgb(width, height, out);
    }
}
