package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.VaeConfig;
import io.sdjava.djl.checkpoint.WeightSource;
import java.util.ArrayList;
import java.util.List;

/** ldm's autoencoder {@code Encoder}: image to latent moments (before {@code quant_conv}). */
final class VaeEncoder {
    private final Conv2d convIn;
    private final List<List<ResBlock>> levels;
    private final List<Conv2d> downsamples;
    private final ResBlock mid1;
    private final VaeAttention midAttn;
    private final ResBlock mid2;
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeEncoder(WeightSource w, VaeConfig c) {
        List<Integer> mult = c.chMult();
        convIn = Conv2d.load(w, "conv_in", c.inChannels(), c.ch(), 3, 1, 1);
        List<List<ResBlock>> lv = new ArrayList<>();
        List<Conv2d> down = new ArrayList<>();
        int blockIn = c.ch();
        for (int i = 0; i < mult.size(); i++) {
            int blockOut = c.ch() * mult.get(i);
            List<ResBlock> blocks = new ArrayList<>();
            for (int j = 0; j < c.numResBlocks(); j++) {
                blocks.add(ResBlock.loadVae(w.at("down." + i + ".block." + j + "."), blockIn, blockOut));
                blockIn = blockOut;
            }
            lv.add(List.copyOf(blocks));
            if (i != mult.size() - 1) {
                down.add(Conv2d.load(w, "down." + i + ".downsample.conv", blockIn, blockIn, 3, 2, 0));
            }
        }
        levels = List.copyOf(lv);
        downsamples = List.copyOf(down);
        mid1 = ResBlock.loadVae(w.at("mid.block_1."), blockIn, blockIn);
        midAttn = VaeAttention.load(w.at("mid.attn_1."), blockIn);
        mid2 = ResBlock.loadVae(w.at("mid.block_2."), blockIn, blockIn);
        normOut = GroupNorm.load(w, "norm_out", blockIn, 1e-6f);
        convOut = Conv2d.load(w, "conv_out", blockIn, c.doubleZ() ? 2L * c.zChannels() : c.zChannels(), 3, 1, 1);
    }

    NDArray forward(NDArray x, boolean tiling) {
        return ForwardScope.run(x.getManager(), () -> {
            // each stage's input is freed as soon as its output exists (as in VaeDecoder)
            NDArray h = convIn.forward(x, tiling);
            for (int i = 0; i < levels.size(); i++) {
                for (ResBlock block : levels.get(i)) {
                    h = VaeDecoder.next(h, block.forward(h, null, tiling));
                }
                if (i < downsamples.size()) {
                    // ldm pads right and bottom by one, then convolves with stride 2 and no padding
                    try (NDArray padded = h.pad(new Shape(0, 1, 0, 1), 0)) {
                        h = VaeDecoder.next(h, downsamples.get(i).forward(padded));
                    }
                }
            }
            h = VaeDecoder.next(h, mid1.forward(h, null, tiling));
            h = VaeDecoder.next(h, midAttn.forward(h));
            h = VaeDecoder.next(h, mid2.forward(h, null, tiling));
            try (NDArray last = h; NDArray normed = normOut.forward(last); NDArray act = Activations.silu(normed)) {
                return convOut.forward(act, tiling);
            }
        }, x);
    }
}
