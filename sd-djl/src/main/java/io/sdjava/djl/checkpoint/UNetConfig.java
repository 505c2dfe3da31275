package io.sdjava.djl.checkpoint;

import java.util.List;

/**
 * Architecture of an LDM {@code UNetModel} (the {@code unet_config.params} of an LDM yaml).
 *
 * @param inChannels latent channels in (4 for SD 1.x)
 * @param outChannels channels out (4)
 * @param modelChannels base width (320 for SD 1.x)
 * @param channelMult width multiplier per level ([1,2,4,4])
 * @param numResBlocks ResBlocks per level on the way down (2)
 * @param attentionResolutions downsampling factors that get a SpatialTransformer ([4,2,1])
 * @param numHeads attention heads (8), used when {@code numHeadChannels} is -1
 * @param numHeadChannels channels per head, or -1 to derive them from {@code numHeads}
 * @param transformerDepth BasicTransformerBlocks per SpatialTransformer (1)
 * @param contextDim width of the cross-attention context (768)
 * @param linearProjection whether proj_in/proj_out are linear (SD 2.x) instead of 1x1 convs (SD 1.x)
 */
public record UNetConfig(int inChannels, int outChannels, int modelChannels, List<Integer> channelMult,
        int numResBlocks, List<Integer> attentionResolutions, int numHeads, int numHeadChannels,
        int transformerDepth, int contextDim, boolean linearProjection) {
    /** Copies the lists. */
    public UNetConfig {
        channelMult = List.copyOf(channelMult);
        attentionResolutions = List.copyOf(attentionResolutions);
    }

    /** @return the SD 1.x UNet */
    public static UNetConfig sd1() {
        return new UNetConfig(4, 4, 320, List.of(1, 2, 4, 4), 2, List.of(4, 2, 1), 8, -1, 1, 768, false);
    }

    /** @return the width of the timestep embedding MLP (4 x model channels) */
    public int timeEmbedDim() {
        return modelChannels * 4;
    }

    /**
     * @param channels the width of a SpatialTransformer
     * @return its head count
     */
    public int headsFor(int channels) {
        return numHeadChannels == -1 ? numHeads : channels / numHeadChannels;
    }
}
