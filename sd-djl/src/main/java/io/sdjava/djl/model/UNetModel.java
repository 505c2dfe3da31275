package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.sdjava.djl.checkpoint.UNetConfig;
import io.sdjava.djl.checkpoint.WeightSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The SD 1.x denoising UNet (ldm {@code openaimodel.UNetModel}): predicts the noise {@code eps} of a latent
 * at (fractional) timesteps, cross-attending to a text context. Weights are read-only after loading; a
 * forward call is safe to run concurrently with others.
 */
public final class UNetModel {
    private final UNetConfig config;
    private final Linear timeEmbed1;
    private final Linear timeEmbed2;
    private final List<List<UNetLayer>> inputBlocks;
    private final List<UNetLayer> middleBlock;
    private final List<List<UNetLayer>> outputBlocks;
    private final GroupNorm outNorm;
    private final Conv2d outConv;

    /** One module inside an input/middle/output block. */
    @FunctionalInterface
    interface UNetLayer {
        NDArray forward(NDArray x, NDArray emb, NDArray context, boolean tiling);
    }

    private UNetModel(UNetConfig config, WeightSource w) {
        this.config = config;
        int mc = config.modelChannels();
        int embDim = config.timeEmbedDim();
        timeEmbed1 = Linear.load(w, "time_embed.0", mc, embDim, true);
        timeEmbed2 = Linear.load(w, "time_embed.2", embDim, embDim, true);
        UNetBlocks blocks = new UNetBlocks(config, w);
        inputBlocks = blocks.input();
        middleBlock = blocks.middle();
        outputBlocks = blocks.output();
        outNorm = GroupNorm.load(w, "out.0", mc, 1e-5f);
        outConv = Conv2d.load(w, "out.2", mc, config.outChannels(), 3, 1, 1);
    }

    /**
     * Builds the UNet from weights under {@code model.diffusion_model.}.
     *
     * @param weights a source positioned at the UNet prefix
     * @param config the architecture
     * @return the model
     */
    public static UNetModel load(WeightSource weights, UNetConfig config) {
        return new UNetModel(config, weights);
    }

    /** @return the architecture */
    public UNetConfig config() {
        return config;
    }

    /**
     * Predicts the noise.
     *
     * @param x latents {@code [B, 4, h, w]} (h, w multiples of 2^(levels-1))
     * @param timesteps one (fractional) timestep per batch item
     * @param context text conditioning {@code [B, tokens, contextDim]}
     * @return eps {@code [B, 4, h, w]}, on {@code x}'s manager
     */
    public NDArray forward(NDArray x, double[] timesteps, NDArray context) {
        return forward(x, timesteps, context, false);
    }

    /**
     * Predicts the noise, optionally with A1111's "Tiling" (circular padding in every padded conv).
     *
     * @param x latents {@code [B, 4, h, w]}
     * @param timesteps one (fractional) timestep per batch item
     * @param context text conditioning {@code [B, tokens, contextDim]}
     * @param tiling whether convs pad by wrapping around, for seamlessly tileable images
     * @return eps {@code [B, 4, h, w]}, on {@code x}'s manager
     */
    public NDArray forward(NDArray x, double[] timesteps, NDArray context, boolean tiling) {
        return ForwardScope.run(x.getManager(), () -> {
            NDArray t = x.getManager().create(toFloats(timesteps));
            NDArray emb = timeEmbed2.forward(Activations.silu(timeEmbed1.forward(
                    TimestepEmbedding.sinusoidal(t, config.modelChannels()))));
            Deque<NDArray> skips = new ArrayDeque<>();
            NDArray h = x;
            for (List<UNetLayer> block : inputBlocks) {
                h = run(block, h, emb, context, tiling);
                skips.push(h);
            }
            h = run(middleBlock, h, emb, context, tiling);
            for (List<UNetLayer> block : outputBlocks) {
                h = run(block, concatSkip(h, skips.pop()), emb, context, tiling);
            }
            return outConv.forward(Activations.silu(outNorm.forward(h)), tiling);
        }, x, context);
    }

    private static NDArray run(List<UNetLayer> block, NDArray x, NDArray emb, NDArray context, boolean tiling) {
        NDArray h = x;
        for (UNetLayer layer : block) {
            h = layer.forward(h, emb, context, tiling);
        }
        return h;
    }

    /**
     * Concatenates the skip connection along channels. As A1111 (TorchHijackForUnet) does, a feature map whose
     * size differs from the skip's (latent sizes that are not multiples of 2^(levels-1)) is first resized to
     * it with nearest interpolation, so any multiple of 8 pixels works.
     */
    private static NDArray concatSkip(NDArray h, NDArray skip) {
        long sh = skip.getShape().get(2);
        long sw = skip.getShape().get(3);
        if (h.getShape().get(2) == sh && h.getShape().get(3) == sw) {
            return h.concat(skip, 1);
        }
        return Upsampling.nearest(h, sh, sw).concat(skip, 1);
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** The sinusoidal timestep embedding of ldm, cos before sin, computed in float32. */
    static final class TimestepEmbedding {
        private static final double MAX_PERIOD = 10000;

        private TimestepEmbedding() {}

        static NDArray sinusoidal(NDArray timesteps, int dim) {
            NDManager m = timesteps.getManager();
            int half = dim / 2;
            NDArray freqs = m.arange(0, half, 1, DataType.FLOAT32).mul((float) -Math.log(MAX_PERIOD)).div((float) half)
                    .exp();
            NDArray args = timesteps.toType(DataType.FLOAT32, false).expandDims(1).mul(freqs.expandDims(0));
            NDArray emb = args.cos().concat(args.sin(), 1);
            if (dim % 2 == 1) {
                emb = emb.concat(m.zeros(new ai.djl.ndarray.types.Shape(emb.getShape().get(0), 1)), 1);
            }
            return emb;
        }
    }

    /** Builds the block lists, mirroring ldm's constructor loops. */
    private static final class UNetBlocks {
        private final List<List<UNetLayer>> input = new ArrayList<>();
        private final List<UNetLayer> middle = new ArrayList<>();
        private final List<List<UNetLayer>> output = new ArrayList<>();

        UNetBlocks(UNetConfig c, WeightSource w) {
            int mc = c.modelChannels();
            List<Integer> mult = c.channelMult();
            Conv2d convIn = Conv2d.load(w, "input_blocks.0.0", c.inChannels(), mc, 3, 1, 1);
            input.add(List.of((x, e, ctx, tiling) -> convIn.forward(x, tiling)));
            Deque<Integer> chans = new ArrayDeque<>();
            chans.push(mc);
            int ch = mc;
            int ds = 1;
            for (int level = 0; level < mult.size(); level++) {
                for (int r = 0; r < c.numResBlocks(); r++) {
                    String p = "input_blocks." + input.size() + ".";
                    int out = mult.get(level) * mc;
                    List<UNetLayer> block = new ArrayList<>();
                    block.add(resBlock(w.at(p + "0."), ch, out, c));
                    ch = out;
                    if (c.attentionResolutions().contains(ds)) {
                        block.add(transformer(w.at(p + "1."), ch, c));
                    }
                    input.add(List.copyOf(block));
                    chans.push(ch);
                }
                if (level != mult.size() - 1) {
                    Conv2d op = Conv2d.load(w, "input_blocks." + input.size() + ".0.op", ch, ch, 3, 2, 1);
                    input.add(List.of((x, e, ctx, tiling) -> op.forward(x, tiling)));
                    chans.push(ch);
                    ds *= 2;
                }
            }
            middle.add(resBlock(w.at("middle_block.0."), ch, ch, c));
            middle.add(transformer(w.at("middle_block.1."), ch, c));
            middle.add(resBlock(w.at("middle_block.2."), ch, ch, c));
            for (int level = mult.size() - 1; level >= 0; level--) {
                for (int i = 0; i <= c.numResBlocks(); i++) {
                    String p = "output_blocks." + output.size() + ".";
                    int out = mult.get(level) * mc;
                    List<UNetLayer> block = new ArrayList<>();
                    block.add(resBlock(w.at(p + "0."), ch + chans.pop(), out, c));
                    ch = out;
                    if (c.attentionResolutions().contains(ds)) {
                        block.add(transformer(w.at(p + "1."), ch, c));
                    }
                    if (level > 0 && i == c.numResBlocks()) {
                        Conv2d conv = Conv2d.load(w, p + block.size() + ".conv", ch, ch, 3, 1, 1);
                        block.add((x, e, ctx, tiling) -> upsample(x, conv, tiling));
                        ds /= 2;
                    }
                    output.add(List.copyOf(block));
                }
            }
        }

        private static UNetLayer resBlock(WeightSource w, int in, int out, UNetConfig c) {
            ResBlock block = ResBlock.loadUNet(w, in, out, c.timeEmbedDim());
            return (x, e, ctx, tiling) -> block.forward(x, e, tiling);
        }

        private static UNetLayer transformer(WeightSource w, int ch, UNetConfig c) {
            SpatialTransformer st = SpatialTransformer.load(w, ch, c.headsFor(ch), c.transformerDepth(),
                    c.contextDim());
            return (x, e, ctx, tiling) -> st.forward(x, ctx);
        }

        List<List<UNetLayer>> input() {
            return List.copyOf(input);
        }

        List<UNetLayer> middle() {
            return List.copyOf(middle);
        }

        List<List<UNetLayer>> output() {
            return List.copyOf(output);
        }
    }

    /** Nearest-neighbour 2x upsampling followed by a 3x3 conv. */
    static NDArray upsample(NDArray x, Conv2d conv, boolean tiling) {
        return ForwardScope.run(x.getManager(), () -> conv.forward(Upsampling.nearest2x(x), tiling), x);
    }
}
