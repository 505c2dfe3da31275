package io.sdjava.upscale;

import java.util.function.UnaryOperator;

/**
 * The WebUI's {@code Upscaler.upscale}: the target is {@code (floor(W·scale/8)·8, floor(H·scale/8)·8)}; the model
 * pass is repeated (at most 3 times) until the image reaches the target in both directions, stopping early when a
 * pass does not change the size; a final LANCZOS resize then hits the target exactly.
 */
final class ScaleLoop {
    /** Maximum model passes. */
    static final int MAX_PASSES = 3;

    private ScaleLoop() {}

    /** @return the target width or height for {@code size · scale}, rounded down to a multiple of 8 */
    static int target(int size, double scale) {
        return (int) (Math.floor(size * scale / 8) * 8);
    }

    /**
     * @param image the input
     * @param scale the requested factor, &gt; 0
     * @param pass one model pass (for example a tiled ESRGAN run)
     * @return the image at the target size
     */
    static RgbImage upscale(RgbImage image, double scale, UnaryOperator<RgbImage> pass) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        int destW = target(image.width(), scale);
        int destH = target(image.height(), scale);
        if (destW <= 0 || destH <= 0) {
            throw new IllegalArgumentException("scale " + scale + " makes " + image.width() + "x" + image.height()
                    + " smaller than 8 pixels");
        }
        RgbImage img = image;
        for (int i = 0; i < MAX_PASSES; i++) {
            if (img.width() >= destW && img.height() >= destH && (i > 0 || scale != 1)) {
                break;
            }
            int w = img.width();
            int h = img.height();
            img = pass.apply(img);
            if (img.width() == w && img.height() == h) {
                break;
            }
        }
        if (img.width() != destW || img.height() != destH) {
            img = LanczosResampler.resize(img, destW, destH);
        }
        return img;
    }
}
