package io.sdjava.djl.checkpoint;

import java.util.List;

/**
 * Architecture of an LDM {@code AutoencoderKL} (its {@code ddconfig} plus {@code embed_dim}).
 *
 * @param inChannels image channels in (3)
 * @param outChannels image channels out (3)
 * @param ch base width (128 for SD)
 * @param chMult width multiplier per level ([1,2,4,4])
 * @param numResBlocks ResnetBlocks per encoder level (2; the decoder has one more)
 * @param zChannels latent channels (4)
 * @param doubleZ whether the encoder outputs mean and log-variance (true)
 * @param embedDim channels of the quantized latent (4)
 */
public record VaeConfig(int inChannels, int outChannels, int ch, List<Integer> chMult, int numResBlocks,
        int zChannels, boolean doubleZ, int embedDim) {
    /** Copies the list. */
    public VaeConfig {
        chMult = List.copyOf(chMult);
    }

    /** @return the SD 1.x/2.x VAE */
    public static VaeConfig sd() {
        return new VaeConfig(3, 3, 128, List.of(1, 2, 4, 4), 2, 4, true, 4);
    }
}
