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

    /** Releases the upscaler's resources; the default does nothing. */
    @Override
    default void close() {}
}
