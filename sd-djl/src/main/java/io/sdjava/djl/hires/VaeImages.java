package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.sdjava.SdImage;
import io.sdjava.djl.ImageCodec;
import io.sdjava.djl.model.AutoencoderKl;

/**
 * The VAE round trip of the hires pixel path and img2img as A1111 does it, for single images: decode
 * {@code (1/scale) z}; {@code uint8(255 * clamp((x + 1) / 2, 0, 1))} by truncation; encode {@code 2 * (u8 / 255) - 1}
 * to {@code scale * (mean + std * noise)}.
 */
final class VaeImages {
    private final AutoencoderKl vae;
    private final double scaleFactor;

    VaeImages(AutoencoderKl vae, double scaleFactor) {
        this.vae = vae;
        this.scaleFactor = scaleFactor;
    }

    /** @return the decoded image {@code [1, 3, 8h, 8w]}, unclamped, on {@code latent}'s manager */
    NDArray decode(NDArray latent) {
        try (NDArray scaled = latent.mul((float) (1.0 / scaleFactor))) {
            return vae.decode(scaled);
        }
    }

    /** @return the first image of {@code decoded} as 8-bit RGB with A1111's truncating conversion */
    static SdImage toImage(NDArray decoded) {
        return ImageCodec.toImages(decoded).get(0);
    }

    /** @return {@code u8 / 255} as float32 {@code [1, 3, H, W]} (A1111's {@code encode_image}) */
    static NDArray toUnit(SdImage image, NDManager manager) {
        return ImageCodec.toUnitTensor(image, manager);
    }

    /**
     * @param unit the image in [0, 1], {@code [1, 3, H, W]}
     * @param noise standard normal noise {@code [1, 4, H/8, W/8]} for the posterior sample
     * @return {@code [mean, std, scale * (mean + std * noise)]} on {@code unit}'s manager
     */
    NDList encode(NDArray unit, NDArray noise) {
        NDArray signed;
        try (NDArray doubled = unit.mul(2f)) {
            signed = doubled.sub(1f);
        }
        NDList posterior = AutoencoderKl.posterior(vae.encodeMoments(signed));
        signed.close();
        NDArray mean = posterior.get(0);
        NDArray std = posterior.get(2);
        posterior.get(1).close();
        NDArray latent;
        try (NDArray spread = std.mul(noise); NDArray sample = mean.add(spread)) {
            latent = sample.mul((float) scaleFactor);
        }
        return new NDList(mean, std, latent);
    }
}
