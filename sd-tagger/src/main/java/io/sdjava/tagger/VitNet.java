package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** The v3 ViT forward pass (see {@link VitSpec}), weights named as in timm. */
final class VitNet implements TaggerNet {
    private final VitSpec spec;
    private final Map<String, NDArray> w;

    VitNet(VitSpec spec, Map<String, NDArray> weights) {
        this.spec = spec;
        this.w = weights;
    }

    @Override
    public NDArray forward(NDArray input) {
        long d = spec.embedDim();
        long n = (long) spec.gridSize() * spec.gridSize();
        NDArray x = Layers.scoped(input.duplicate(), "vit/embed", img -> Layers.conv2d(img,
                w.get("patch_embed.proj.weight"), w.get("patch_embed.proj.bias"), spec.patchSize(), 0, 1)
                .reshape(1, d, n).transpose(0, 2, 1).add(w.get("pos_embed")));
        for (int i = 0; i < spec.depth(); i++) {
            String p = "blocks." + i + ".";
            x = Layers.scoped(x, "vit/block-" + i, t -> block(t, p));
        }
        return Layers.scoped(x, "vit/head", t -> {
            NDArray pooled = spec.fcNorm()
                    ? Layers.layerNorm(t.mean(new int[] {1}), w.get("fc_norm.weight"), w.get("fc_norm.bias"))
                    : Layers.layerNorm(t, w.get("norm.weight"), w.get("norm.bias")).mean(new int[] {1});
            return Layers.linear(pooled, w.get("head.weight"), w.get("head.bias"));
        });
    }

    private NDArray block(NDArray x, String p) {
        long d = spec.embedDim();
        int heads = spec.numHeads();
        long headDim = d / heads;
        long n = x.getShape().get(1);
        NDArray h = Layers.layerNorm(x, w.get(p + "norm1.weight"), w.get(p + "norm1.bias"));
        NDArray qkv = Layers.linear(h, w.get(p + "attn.qkv.weight"), w.get(p + "attn.qkv.bias"))
                .reshape(1, n, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0).mul(Math.pow(headDim, -0.5));
        NDArray attn = q.matMul(qkv.get(1).transpose(0, 1, 3, 2)).softmax(-1);
        NDArray o = attn.matMul(qkv.get(2)).transpose(0, 2, 1, 3).reshape(1, n, d);
        NDArray x1 = x.add(Layers.linear(o, w.get(p + "attn.proj.weight"), w.get(p + "attn.proj.bias")));
        NDArray m = Layers.layerNorm(x1, w.get(p + "norm2.weight"), w.get(p + "norm2.bias"));
        m = Layers.gelu(Layers.linear(m, w.get(p + "mlp.fc1.weight"), w.get(p + "mlp.fc1.bias")), spec.geluTanh());
        return x1.add(Layers.linear(m, w.get(p + "mlp.fc2.weight"), w.get(p + "mlp.fc2.bias")));
    }
}
