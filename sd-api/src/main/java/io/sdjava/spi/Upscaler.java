package io.sdjava.spi;

import io.sdjava.SdImage;

/**
 * An image upscaler (ESRGAN family, Lanczos, ...). Implementations are thread-safe; close releases the
 * model's native memory.
 */
public interface Upscaler extends AutoCloseable {
    /**
     * @param image the image to upscale
     * @param scale the factor, e.g. 2.0 or 4.0; the result is {@code round(width * scale)} by
     *     {@code round(height * scale)} pixels, resampled when the model's native factor differs
     * @return the upscaled image
     */
    SdImage upscale(SdImage image, double scale);

    /**
     * A1111's {@code images.resize_image(0, image, width, height, upscaler)} ("Just resize" with this upscaler), as
     * Hires. fix and img2img use it: when the target is larger ({@code scale = max(width / w, height / h) > 1}) the
     * upscaler runs as in {@link #upscale} to {@code floor(w * scale / 8) * 8} by {@code floor(h * scale / 8) * 8},
     * then the result is resized to exactly {@code width x height} with LANCZOS if it differs. The {@code "None"}
     * upscaler resizes with LANCZOS only. The default implementation supports only targets that
     * {@link #upscale} reaches exactly.
     *
     * @param image the image to resize
     * @param width the target width
     * @param height the target height
     * @return the image at {@code width x height}
     * @throws UnsupportedOperationException if this upscaler cannot produce the exact size
     */
    default SdImage resize(SdImage image, int width, int height) {
        double scale = Math.max((double) width / image.width(), (double) height / image.height());
        SdImage out = upscale(image, scale);
        if (out.width() != width || out.height() != height) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot resize " + image.width() + "x"
                    + image.height() + " to exactly " + width + "x" + height);
        }
        return out;
    }

    /** Releases the upscaler's resources; the default does nothing. */
    @Override
    default void close() {}
}
