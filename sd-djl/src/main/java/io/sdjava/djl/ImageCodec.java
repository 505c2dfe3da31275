package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.SdImage;
import io.sdjava.djl.model.AutoencoderKl;
import java.util.ArrayList;
import java.util.List;

/**
 * Latents to 8-bit images and images to latents, as A1111 does: decode {@code (1/scale_factor) * z} one image at a
 * time, {@code clamp((x + 1) / 2, 0, 1)}, {@code 255 * x} in float32 converted to uint8 by truncation; and for
 * image-to-image {@code 2 * (u8 / 255) - 1}, the VAE posterior, {@code scale_factor * (mean + std * noise)}.
 */
public final class ImageCodec {
    private final AutoencoderKl vae;
    private final double scaleFactor;

    /**
     * @param vae the autoencoder
     * @param scaleFactor the model's latent scale factor (0.18215 for SD 1.x)
     */
    public ImageCodec(AutoencoderKl vae, double scaleFactor) {
        this.vae = vae;
        this.scaleFactor = scaleFactor;
    }

    /**
     * Decodes latents to float images, one image at a time.
     *
     * @param latents {@code [B, 4, h, w]}
     * @param tiling seamless tiling (circular padding in the decoder's convolutions)
     * @return {@code [B, 3, 8h, 8w]}, unclamped, on {@code latents}' manager
     */
    public NDArray decode(NDArray latents, boolean tiling) {
        NDManager target = latents.getManager();
        long batch = latents.getShape().get(0);
        NDList images = new NDList();
        try (NDManager scope = target.newSubManager()) {
            for (long i = 0; i < batch; i++) {
                NDArray z = latents.get(scope, new NDIndex("{}:{}", i, i + 1));
                images.add(vae.decode(z.mul((float) (1.0 / scaleFactor)), tiling));
            }
            NDArray out = batch == 1 ? images.get(0).duplicate() : NDArrays.concat(images, 0);
            out.attach(target);
            return out;
        }
    }

    /**
     * A1111's conversion to 8-bit: {@code clamp((x + 1) / 2, 0, 1)}, then {@code (uint8) (255 * x)}.
     *
     * @param decoded {@code [B, 3, H, W]}
     * @return one image per batch item
     */
    public static List<SdImage> toImages(NDArray decoded) {
        Shape shape = decoded.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        float[] values;
        try (NDArray plus = decoded.add(1f); NDArray half = plus.div(2f); NDArray clamped = half.clip(0f, 1f)) {
            values = clamped.toFloatArray();
        }
        int plane = height * width;
        List<SdImage> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            byte[] rgb = new byte[plane * 3];
            int base = b * 3 * plane;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    rgb[3 * p + c] = (byte) (int) (255f * values[base + c * plane + p]);
                }
            }
            out.add(SdImage.fromRgb(width, height, rgb));
        }
        return out;
    }

    /**
     * @param image an 8-bit image
     * @param manager the manager of the result
     * @return {@code [1, 3, H, W]} in [-1, 1]: {@code 2 * (u8 / 255) - 1} in float32
     */
    public static NDArray toTensor(SdImage image, NDManager manager) {
        return chw(image, true, manager);
    }

    /**
     * @param image an 8-bit image
     * @param manager the manager of the result
     * @return {@code [1, 3, H, W]} in [0, 1]: {@code u8 / 255} in float32 (A1111's {@code encode_image})
     */
    public static NDArray toUnitTensor(SdImage image, NDManager manager) {
        return chw(image, false, manager);
    }

    private static NDArray chw(SdImage image, boolean signed, NDManager manager) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.toRgb();
        float[] chw = new float[3 * w * h];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                float unit = (rgb[3 * p + c] & 0xFF) / 255f;
                chw[c * w * h + p] = signed ? 2f * unit - 1f : unit;
            }
        }
        return manager.create(chw, new Shape(1, 3, h, w));
    }

    /**
     * Encodes images to initial latents: {@code scale_factor * (mean + std * noise)}.
     *
     * @param images {@code [B, 3, H, W]} in [-1, 1]
     * @param noise {@code [B, 4, H/8, W/8]} standard normal noise for the posterior sample
     * @param tiling seamless tiling (circular padding in the encoder's convolutions)
     * @return the latents on {@code images}' manager
     */
    public NDArray encode(NDArray images, NDArray noise, boolean tiling) {
        NDManager target = images.getManager();
        try (NDManager scope = target.newSubManager()) {
            images.tempAttach(scope);
            NDList posterior = AutoencoderKl.posterior(vae.encodeMoments(images, tiling));
            NDArray sample = posterior.get(0).add(posterior.get(2).mul(noise));
            NDArray latent = sample.mul((float) scaleFactor);
            latent.attach(target);
            return latent;
        }
    }

    /**
     * @param image the init image
     * @param width the requested width
     * @param height the requested height
     * @throws InvalidRequestException if the sizes differ (resizing is not supported yet)
     */
    static void requireSize(SdImage image, int width, int height) {
        if (image.width() != width || image.height() != height) {
            throw new InvalidRequestException("initImage is " + image.width() + "x" + image.height()
                    + " but the request is " + width + "x" + height + "; resizing init images is not supported yet, "
                    + "pass an image of the requested size");
        }
    }
}
