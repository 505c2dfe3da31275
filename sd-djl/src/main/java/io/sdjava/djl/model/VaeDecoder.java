package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import io.sdjava.djl.checkpoint.VaeConfig;
import io.sdjava.djl.checkpoint.WeightSource;
import java.util.ArrayList;
import java.util.List;

/** ldm's autoencoder {@code Decoder}: latent to image (after {@code post_quant_conv}). */
final class VaeDecoder {
    private final Conv2d convIn;
    private final ResBlock mid1;
    private final VaeAttention midAttn;
    private final ResBlock mid2;
    /** Levels in execution order (deepest first), each with its blocks and optional upsample conv. */
    private final List<List<ResBlock>> levels;
    private final List<Conv2d> upsamples;
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeDecoder(WeightSource w, VaeConfig c) {
        List<Integer> mult = c.chMult();
        int blockIn = c.ch() * mult.get(mult.size() - 1);
        convIn = Conv2d.load(w, "conv_in", c.zChannels(), blockIn, 3, 1, 1);
        mid1 = ResBlock.loadVae(w.at("mid.block_1."), blockIn, blockIn);
        midAttn = VaeAttention.load(w.at("mid.attn_1."), blockIn);
        mid2 = ResBlock.loadVae(w.at("mid.block_2."), blockIn, blockIn);
        List<List<ResBlock>> lv = new ArrayList<>();
        List<Conv2d> up = new ArrayList<>();
        for (int i = mult.size() - 1; i >= 0; i--) {
            int blockOut = c.ch() * mult.get(i);
            List<ResBlock> blocks = new ArrayList<>();
            for (int j = 0; j <= c.numResBlocks(); j++) {
                blocks.add(ResBlock.loadVae(w.at("up." + i + ".block." + j + "."), blockIn, blockOut));
                blockIn = blockOut;
            }
            lv.add(List.copyOf(blocks));
            up.add(i != 0 ? Conv2d.load(w, "up." + i + ".upsample.conv", blockIn, blockIn, 3, 1, 1) : null);
        }
        levels = List.copyOf(lv);
        upsamples = java.util.Collections.unmodifiableList(up);
        normOut = GroupNorm.load(w, "norm_out", blockIn, 1e-6f);
        convOut = Conv2d.load(w, "conv_out", blockIn, c.outChannels(), 3, 1, 1);
    }

    NDArray forward(NDArray z, boolean tiling) {
        return ForwardScope.run(z.getManager(), () -> {
            // each stage's input is freed as soon as its output exists: at 1024x1024 one 128-channel activation
            // is 512 MiB, so keeping the chain alive until the end would cost several GB
            NDArray h = convIn.forward(z, tiling);
            h = next(h, mid1.forward(h, null, tiling));
            h = next(h, midAttn.forward(h));
            h = next(h, mid2.forward(h, null, tiling));
            for (int i = 0; i < levels.size(); i++) {
                for (ResBlock block : levels.get(i)) {
                    h = next(h, block.forward(h, null, tiling));
                }
                Conv2d up = upsamples.get(i);
                if (up != null) {
                    h = next(h, UNetModel.upsample(h, up, tiling));
                }
            }
            try (NDArray last = h; NDArray normed = normOut.forward(last); NDArray act = Activations.silu(normed)) {
                return convOut.forward(act, tiling);
            }
        }, z);
    }

    /** Closes {@code previous} (an intermediate of this forward pass) and returns {@code next}. */
    static NDArray next(NDArray previous, NDArray next) {
        previous.close();
        return next;
    }
}
