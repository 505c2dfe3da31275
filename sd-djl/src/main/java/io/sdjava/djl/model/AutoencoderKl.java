package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.sdjava.djl.checkpoint.VaeConfig;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * The KL autoencoder (ldm {@code AutoencoderKL}): images in [-1, 1] to latent distributions and latents back
 * to images. Scaling by the model's {@code scale_factor} is left to the caller. Weights are read-only after
 * loading; forward calls may run concurrently.
 */
public final class AutoencoderKl {
    private static final float LOGVAR_MIN = -30f;
    private static final float LOGVAR_MAX = 20f;

    private final VaeConfig config;
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    private AutoencoderKl(VaeConfig config, WeightSource w) {
        this.config = config;
        encoder = new VaeEncoder(w.at("encoder."), config);
        decoder = new VaeDecoder(w.at("decoder."), config);
        int z2 = 2 * config.zChannels();
        quantConv = Conv2d.load(w, "quant_conv", z2, 2L * config.embedDim(), 1, 1, 0);
        postQuantConv = Conv2d.load(w, "post_quant_conv", config.embedDim(), config.zChannels(), 1, 1, 0);
    }

    /**
     * Builds the VAE from weights under {@code first_stage_model.} (or a standalone VAE file's root).
     *
     * @param weights a source positioned at the VAE prefix
     * @param config the architecture
     * @return the model
     */
    public static AutoencoderKl load(WeightSource weights, VaeConfig config) {
        return new AutoencoderKl(config, weights);
    }

    /** @return the architecture */
    public VaeConfig config() {
        return config;
    }

    /**
     * Encodes images to the moments of the latent distribution.
     *
     * @param image {@code [B, 3, H, W]} in [-1, 1], H and W multiples of 8
     * @return moments {@code [B, 2*embed, H/8, W/8]} (mean, then log-variance), on {@code image}'s manager
     */
    public NDArray encodeMoments(NDArray image) {
        return encodeMoments(image, false);
    }

    /**
     * As {@link #encodeMoments(NDArray)}, optionally with A1111's "Tiling" (circular padding).
     *
     * @param image {@code [B, 3, H, W]} in [-1, 1]
     * @param tiling whether convs pad by wrapping around
     * @return moments {@code [B, 2*embed, H/8, W/8]} on {@code image}'s manager
     */
    public NDArray encodeMoments(NDArray image, boolean tiling) {
        return ForwardScope.run(image.getManager(), () -> quantConv.forward(encoder.forward(image, tiling)), image);
    }

    /**
     * Splits moments into the diagonal Gaussian's mean and standard deviation, clamping the log-variance to
     * [-30, 20] as ldm does.
     *
     * @param moments the output of {@link #encodeMoments}
     * @return {@code [mean, logvar, std]} on {@code moments}' manager
     */
    public static NDList posterior(NDArray moments) {
        NDList halves = moments.split(2, 1);
        NDArray logvar = halves.get(1).clip(LOGVAR_MIN, LOGVAR_MAX);
        halves.get(1).close();
        NDArray std;
        try (NDArray halfLogvar = logvar.mul(0.5f)) {
            std = halfLogvar.exp();
        }
        return new NDList(halves.get(0), logvar, std);
    }

    /**
     * Decodes latents (already divided by the scale factor) to images.
     *
     * @param z {@code [B, embed, h, w]}
     * @return images {@code [B, 3, 8h, 8w]}, unclamped, on {@code z}'s manager
     */
    public NDArray decode(NDArray z) {
        return decode(z, false);
    }

    /**
     * As {@link #decode(NDArray)}, optionally with A1111's "Tiling" (circular padding), which makes the image
     * periodic: decoding a latent rolled by one pixel gives the image rolled by eight.
     *
     * @param z {@code [B, embed, h, w]}
     * @param tiling whether convs pad by wrapping around
     * @return images {@code [B, 3, 8h, 8w]}, unclamped, on {@code z}'s manager
     */
    public NDArray decode(NDArray z, boolean tiling) {
        return ForwardScope.run(z.getManager(), () -> decoder.forward(postQuantConv.forward(z), tiling), z);
    }
}
