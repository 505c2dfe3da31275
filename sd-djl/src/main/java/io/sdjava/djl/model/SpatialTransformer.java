package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.checkpoint.WeightSource;
import java.util.ArrayList;
import java.util.List;

/**
 * ldm's SpatialTransformer (SD 1.x): group norm, 1x1 conv {@code proj_in}, BasicTransformerBlocks over the
 * flattened pixels, 1x1 conv {@code proj_out}, plus the input.
 *
 * @param norm the group norm (eps 1e-6)
 * @param projIn 1x1 conv in
 * @param blocks the transformer blocks
 * @param projOut 1x1 conv out
 */
record SpatialTransformer(GroupNorm norm, Conv2d projIn, List<TransformerBlock> blocks, Conv2d projOut) {
    static SpatialTransformer load(WeightSource w, int channels, int heads, int depth, int contextDim) {
        int headDim = channels / heads;
        List<TransformerBlock> blocks = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            blocks.add(TransformerBlock.load(w.at("transformer_blocks." + i + "."), channels, contextDim, heads,
                    headDim));
        }
        return new SpatialTransformer(GroupNorm.load(w, "norm", channels, 1e-6f),
                Conv2d.load(w, "proj_in", channels, channels, 1, 1, 0), List.copyOf(blocks),
                Conv2d.load(w, "proj_out", channels, channels, 1, 1, 0));
    }

    NDArray forward(NDArray x, NDArray context) {
        return ForwardScope.run(x.getManager(), () -> {
            Shape s = x.getShape();
            long b = s.get(0);
            long c = s.get(1);
            NDArray h = projIn.forward(norm.forward(x));
            h = h.reshape(b, c, -1).transpose(0, 2, 1);
            for (TransformerBlock block : blocks) {
                h = block.forward(h, context);
            }
            h = h.transpose(0, 2, 1).reshape(s);
            return projOut.forward(h).add(x);
        }, x, context);
    }

    /**
     * BasicTransformerBlock: self-attention, cross-attention and a GEGLU feed-forward, each pre-normed and
     * residual.
     */
    record TransformerBlock(LayerNorm norm1, CrossAttention attn1, LayerNorm norm2, CrossAttention attn2,
            LayerNorm norm3, Linear ffIn, Linear ffOut) {
        static TransformerBlock load(WeightSource w, int dim, int contextDim, int heads, int headDim) {
            int inner = dim * 4;
            return new TransformerBlock(LayerNorm.load(w, "norm1", dim, 1e-5),
                    CrossAttention.load(w.at("attn1."), dim, dim, heads, headDim),
                    LayerNorm.load(w, "norm2", dim, 1e-5),
                    CrossAttention.load(w.at("attn2."), dim, contextDim, heads, headDim),
                    LayerNorm.load(w, "norm3", dim, 1e-5), Linear.load(w, "ff.net.0.proj", dim, inner * 2L, true),
                    Linear.load(w, "ff.net.2", inner, dim, true));
        }

        NDArray forward(NDArray x, NDArray context) {
            return ForwardScope.run(x.getManager(), () -> {
                NDArray h = attn1.forward(norm1.forward(x), null).add(x);
                h = attn2.forward(norm2.forward(h), context).add(h);
                NDArray proj = ffIn.forward(norm3.forward(h));
                long inner = proj.getShape().get(proj.getShape().dimension() - 1) / 2;
                NDArray value = proj.get("..., :{}", inner);
                NDArray gate = proj.get("..., {}:", inner);
                NDArray ff = ffOut.forward(value.mul(Activations.gelu(gate)));
                return ff.add(h);
            }, x, context);
        }
    }
}
