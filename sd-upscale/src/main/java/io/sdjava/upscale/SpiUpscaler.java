package io.sdjava.upscale;

import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import java.util.function.BiFunction;

/**
 * Adapts one WebUI upscaler (a model pass or a plain resize) to the {@link Upscaler} SPI: the WebUI's
 * {@link ScaleLoop} (passes, then LANCZOS to {@code floor(W·scale/8)·8}), then, as the WebUI's
 * {@code resize_image} does for a target size, LANCZOS to the SPI's {@code round(W·scale) × round(H·scale)} when
 * that differs. Calls are serialized (thread-safe).
 */
final class SpiUpscaler implements Upscaler {
    private final BiFunction<RgbImage, Double, RgbImage> pass;
    private final AutoCloseable resources;
    private final boolean resizeOnly;

    /**
     * @param pass one upscaler pass ({@code do_upscale} in the WebUI), given the image and the requested scale
     * @param resources closed by {@link #close()}, may be {@code null}
     */
    SpiUpscaler(BiFunction<RgbImage, Double, RgbImage> pass, AutoCloseable resources) {
        this(pass, resources, false);
    }

    /**
     * @param pass one upscaler pass ({@code do_upscale} in the WebUI), given the image and the requested scale
     * @param resources closed by {@link #close()}, may be {@code null}
     * @param resizeOnly the WebUI's {@code "None"}: {@code resize_image} resizes with LANCZOS directly
     */
    SpiUpscaler(BiFunction<RgbImage, Double, RgbImage> pass, AutoCloseable resources, boolean resizeOnly) {
        this.pass = pass;
        this.resources = resources;
        this.resizeOnly = resizeOnly;
    }

    @Override
    public synchronized SdImage resize(SdImage image, int width, int height) {
        RgbImage out = new RgbImage(image.width(), image.height(), image.toRgb());
        double scale = Math.max((double) width / image.width(), (double) height / image.height());
        if (!resizeOnly && scale > 1.0) {
            out = ScaleLoop.upscale(out, scale, img -> pass.apply(img, scale));
        }
        if (out.width() != width || out.height() != height) {
            out = LanczosResampler.resize(out, width, height);
        }
        return SdImage.fromRgb(out.width(), out.height(), out.rgb());
    }

    @Override
    public synchronized SdImage upscale(SdImage image, double scale) {
        RgbImage in = new RgbImage(image.width(), image.height(), image.toRgb());
        RgbImage out = ScaleLoop.upscale(in, scale, img -> pass.apply(img, scale));
        int w = (int) Math.round(image.width() * scale);
        int h = (int) Math.round(image.height() * scale);
        if (out.width() != w || out.height() != h) {
            out = LanczosResampler.resize(out, w, h);
        }
        return SdImage.fromRgb(out.width(), out.height(), out.rgb());
    }

    @Override
    public synchronized void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close upscaler", e);
            }
        }
    }
}
