package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * The SwinV2 forward pass (see {@link SwinV2Spec}), weights named as in timm. Position biases, attention masks,
 * logit scales and the (q, 0, v) bias of each block are prepared once at load time on the weights manager.
 */
final class SwinV2Net implements TaggerNet {
    private static final float LN_EPS = 1e-5f;
    private static final double MAX_LOGIT_SCALE = Math.log(1.0 / 0.01);

    private final SwinV2Spec spec;
    private final Map<String, NDArray> w;

    SwinV2Net(SwinV2Spec spec, Map<String, NDArray> weights, NDManager manager) {
        this.spec = spec;
        this.w = new HashMap<>(weights);
        prepare(manager);
    }

    private void prepare(NDManager manager) {
        int[] depths = spec.depths();
        int[] heads = spec.numHeads();
        for (int s = 0; s < depths.length; s++) {
            int ws = spec.window(s);
            if (spec.shift(s) > 0) {
                int n = ws * ws;
                int windows = (spec.resolution(s) / ws) * (spec.resolution(s) / ws);
                w.put("mask." + s, manager.create(SwinV2Tables.shiftMask(spec.resolution(s), ws, spec.shift(s)),
                        new Shape(windows, 1, n, n)));
            }
            for (int b = 0; b < depths[s]; b++) {
                String p = "layers." + s + ".blocks." + b + ".attn.";
                float[] bias = SwinV2Tables.positionBias(ws, w.get(p + "cpb_mlp.0.weight").toFloatArray(),
                        w.get(p + "cpb_mlp.0.bias").toFloatArray(), w.get(p + "cpb_mlp.2.weight").toFloatArray(),
                        heads[s]);
                w.put(p + "position_bias", manager.create(bias, new Shape(heads[s], ws * ws, ws * ws)));
                float[] scale = w.get(p + "logit_scale").toFloatArray();
                for (int h = 0; h < scale.length; h++) {
                    scale[h] = (float) Math.exp(Math.min(scale[h], MAX_LOGIT_SCALE));
                }
                w.put(p + "scale", manager.create(scale, new Shape(heads[s], 1, 1)));
                float[] q = w.get(p + "q_bias").toFloatArray();
                float[] v = w.get(p + "v_bias").toFloatArray();
                float[] qkv = new float[3 * q.length];
                System.arraycopy(q, 0, qkv, 0, q.length);
                System.arraycopy(v, 0, qkv, 2 * q.length, v.length);
                w.put(p + "qkv_bias", manager.create(qkv));
            }
        }
    }

    @Override
    public NDArray forward(NDArray input) {
        NDArray x = Layers.scoped(input.duplicate(), "swinv2/embed", img -> Layers.layerNorm(
                Layers.conv2d(img, w.get("patch_embed.proj.weight"), w.get("patch_embed.proj.bias"), SwinV2Spec.PATCH,
                        0, 1).transpose(0, 2, 3, 1), w.get("patch_embed.norm.weight"), w.get("patch_embed.norm.bias"),
                LN_EPS));
        int[] depths = spec.depths();
        for (int s = 0; s < depths.length; s++) {
            int stage = s;
            if (s > 0) {
                x = Layers.scoped(x, "swinv2/merge-" + s, t -> patchMerging(t, stage));
            }
            for (int b = 0; b < depths[s]; b++) {
                int block = b;
                x = Layers.scoped(x, "swinv2/" + s + "." + b, t -> block(t, stage, block));
            }
        }
        return Layers.scoped(x, "swinv2/head", t -> {
            NDArray n = Layers.layerNorm(t, w.get("norm.weight"), w.get("norm.bias"), LN_EPS);
            NDArray pooled = n.reshape(1, -1, n.getShape().get(3)).mean(new int[] {1});
            return Layers.linear(pooled, w.get("head.fc.weight"), w.get("head.fc.bias"));
        });
    }

    /** V2 patch merging: 2x2 neighbourhoods to 4C (timm's reshape/permute order), reduction, then norm. */
    private NDArray patchMerging(NDArray x, int s) {
        String p = "layers." + s + ".downsample.";
        Shape shape = x.getShape();
        long h = shape.get(1);
        long wd = shape.get(2);
        long c = shape.get(3);
        NDArray merged = x.reshape(1, h / 2, 2, wd / 2, 2, c).transpose(0, 1, 3, 4, 2, 5)
                .reshape(1, h / 2, wd / 2, 4 * c);
        return Layers.layerNorm(Layers.linear(merged, w.get(p + "reduction.weight"), null), w.get(p + "norm.weight"),
                w.get(p + "norm.bias"), LN_EPS);
    }

    private NDArray block(NDArray x, int s, int b) {
        String p = "layers." + s + ".blocks." + b + ".";
        int shift = b % 2 == 1 ? spec.shift(s) : 0;
        NDArray attn = windowAttention(shift > 0 ? roll(x, -shift) : x, s, p, shift > 0);
        if (shift > 0) {
            attn = roll(attn, shift);
        }
        NDArray x1 = x.add(Layers.layerNorm(attn, w.get(p + "norm1.weight"), w.get(p + "norm1.bias"), LN_EPS));
        NDArray m = Layers.gelu(Layers.linear(x1, w.get(p + "mlp.fc1.weight"), w.get(p + "mlp.fc1.bias")),
                spec.geluTanh());
        m = Layers.linear(m, w.get(p + "mlp.fc2.weight"), w.get(p + "mlp.fc2.bias"));
        return x1.add(Layers.layerNorm(m, w.get(p + "norm2.weight"), w.get(p + "norm2.bias"), LN_EPS));
    }

    private NDArray windowAttention(NDArray x, int s, String p, boolean masked) {
        long res = spec.resolution(s);
        long ws = spec.window(s);
        long per = res / ws;
        long c = x.getShape().get(3);
        int heads = spec.numHeads()[s];
        long n = ws * ws;
        long nw = per * per;
        NDArray windows = x.reshape(1, per, ws, per, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(nw, n, c);
        NDArray qkv = Layers.linear(windows, w.get(p + "attn.qkv.weight"), w.get(p + "attn.qkv_bias"))
                .reshape(nw, n, 3, heads, c / heads).transpose(2, 0, 3, 1, 4);
        NDArray q = normalize(qkv.get(0));
        NDArray k = normalize(qkv.get(1));
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).mul(w.get(p + "attn.scale"))
                .add(w.get(p + "attn.position_bias"));
        if (masked) {
            attn = attn.reshape(nw, heads, n, n).add(w.get("mask." + s));
        }
        NDArray o = attn.softmax(-1).matMul(qkv.get(2)).transpose(0, 2, 1, 3).reshape(nw, n, c);
        o = Layers.linear(o, w.get(p + "attn.proj.weight"), w.get(p + "attn.proj.bias"));
        return o.reshape(1, per, per, ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(1, res, res, c);
    }

    /** torch's F.normalize over the last axis: x / max(||x||, 1e-12). */
    private static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(1e-12f));
    }

    /** torch.roll over the spatial axes 1 and 2 of an NHWC tensor by {@code shift} (negative = towards 0). */
    private static NDArray roll(NDArray x, int shift) {
        return rollAxis(rollAxis(x, 1, shift), 2, shift);
    }

    private static NDArray rollAxis(NDArray x, int axis, int shift) {
        long size = x.getShape().get(axis);
        long k = Math.floorMod(shift, size);
        if (k == 0) {
            return x;
        }
        String head = axis == 1 ? ":, " + (size - k) + ":" : ":, :, " + (size - k) + ":";
        String tail = axis == 1 ? ":, :" + (size - k) : ":, :, :" + (size - k);
        return NDArrays.concat(new NDList(x.get(new NDIndex(head)), x.get(new NDIndex(tail))), axis);
    }
}
