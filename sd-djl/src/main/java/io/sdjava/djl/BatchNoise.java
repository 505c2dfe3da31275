package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.spi.NoiseSampler;

/**
 * The random numbers of one batch, one generator per image as A1111's {@code ImageRNG}: the initial latent noise
 * (each generator's first draw), then the noise samplers draw between steps (continuing the same generators, or
 * re-seeded with the eta noise seed delta). One instance per batch, used on one thread.
 */
public interface BatchNoise {
    /**
     * @param manager the manager of the result
     * @return the initial noise {@code [B, 4, h, w]}; call once, before {@link #sampler}
     */
    NDArray initial(NDManager manager);

    /**
     * @param manager the manager the drawn arrays are created on (the sampler attaches them to its step)
     * @return the source of the noise drawn during sampling
     */
    NoiseSampler sampler(NDManager manager);

    /**
     * Noise for the VAE posterior sample of image-to-image. A1111 draws it from torch's global generator, which
     * no seed controls; here it is the first draw of a fresh generator per image seeded like the image.
     *
     * @param manager the manager of the result
     * @return {@code [B, 4, h, w]} standard normal noise
     */
    NDArray encodeNoise(NDManager manager);
}
