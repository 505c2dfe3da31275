package io.sdjava.djl.checkpoint;

import io.sdjava.ModelLoadException;
import io.sdjava.io.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Infers an SD 1.x architecture from tensor shapes. Head counts cannot be seen in shapes: the UNet keeps
 * SD 1.x's 8 heads, the text encoder CLIP's 64 channels per head (12 heads at width 768).
 */
final class ShapeInference {
    private static final String U = LdmKeyLayout.UNET;
    private static final String V = LdmKeyLayout.VAE;
    private static final String T = LdmKeyLayout.TEXT;

    private final Map<String, TensorInfo> tensors;

    private ShapeInference(Map<String, TensorInfo> tensors) {
        this.tensors = tensors;
    }

    static ArchitectureConfig infer(Map<String, TensorInfo> tensors) {
        ShapeInference s = new ShapeInference(tensors);
        ArchitectureConfig d = ArchitectureConfig.sd1();
        return new ArchitectureConfig(s.unet(), s.vae(), s.text(), d.schedule(), d.scaleFactor());
    }

    private UNetConfig unet() {
        int mc = dim(U + "input_blocks.0.0.weight", 0);
        int in = dim(U + "input_blocks.0.0.weight", 1);
        int out = dim(U + "out.2.weight", 0);
        List<Integer> mult = new ArrayList<>();
        List<Integer> attn = new ArrayList<>();
        int numRes = 0;
        int block = 1;
        int ds = 1;
        while (true) {
            int res = 0;
            while (has(U + "input_blocks." + block + ".0.in_layers.0.weight")) {
                if (res == 0) {
                    mult.add(dim(U + "input_blocks." + block + ".0.out_layers.3.weight", 0) / mc);
                    if (has(U + "input_blocks." + block + ".1.norm.weight") && !attn.contains(ds)) {
                        attn.add(ds);
                    }
                }
                res++;
                block++;
            }
            if (res == 0) {
                throw missing(U + "input_blocks." + block + ".0.in_layers.0.weight");
            }
            numRes = res;
            if (!has(U + "input_blocks." + block + ".0.op.weight")) {
                break;
            }
            block++;
            ds *= 2;
        }
        String st = U + "middle_block.1.";
        int depth = 0;
        while (has(st + "transformer_blocks." + depth + ".attn1.to_q.weight")) {
            depth++;
        }
        int context = dim(st + "transformer_blocks.0.attn2.to_k.weight", 1);
        boolean linear = shape(st + "proj_in.weight").length == 2;
        UNetConfig d = UNetConfig.sd1();
        return new UNetConfig(in, out, mc, mult, numRes, attn, d.numHeads(), -1, depth, context, linear);
    }

    private VaeConfig vae() {
        int ch = dim(V + "encoder.conv_in.weight", 0);
        List<Integer> mult = new ArrayList<>();
        for (int level = 0; has(V + "encoder.down." + level + ".block.0.conv1.weight"); level++) {
            mult.add(dim(V + "encoder.down." + level + ".block.0.conv1.weight", 0) / ch);
        }
        int numRes = 0;
        while (has(V + "encoder.down.0.block." + numRes + ".conv1.weight")) {
            numRes++;
        }
        int z = dim(V + "decoder.conv_in.weight", 1);
        boolean doubleZ = dim(V + "encoder.conv_out.weight", 0) == 2 * z;
        int embed = dim(V + "post_quant_conv.weight", 1);
        return new VaeConfig(dim(V + "encoder.conv_in.weight", 1), dim(V + "decoder.conv_out.weight", 0), ch, mult,
                numRes, z, doubleZ, embed);
    }

    private TextEncoderConfig text() {
        int width = dim(T + "embeddings.token_embedding.weight", 1);
        int layers = 0;
        while (has(T + "encoder.layers." + layers + ".self_attn.q_proj.weight")) {
            layers++;
        }
        TextEncoderConfig d = TextEncoderConfig.clipVitL14();
        int heads = width == d.hiddenSize() ? d.numHeads() : Math.max(1, width / 64);
        return new TextEncoderConfig(dim(T + "embeddings.token_embedding.weight", 0), width,
                dim(T + "encoder.layers.0.mlp.fc1.weight", 0), layers, heads,
                dim(T + "embeddings.position_embedding.weight", 0), d.hiddenAct(), d.layerNormEps());
    }

    private boolean has(String key) {
        return tensors.containsKey(key);
    }

    private long[] shape(String key) {
        TensorInfo info = tensors.get(key);
        if (info == null) {
            throw missing(key);
        }
        return info.shape();
    }

    private int dim(String key, int axis) {
        long[] s = shape(key);
        if (axis >= s.length) {
            throw new ModelLoadException("tensor '" + key + "' has shape " + java.util.Arrays.toString(s)
                    + ", expected at least " + (axis + 1) + " dimensions");
        }
        return Math.toIntExact(s[axis]);
    }

    private static ModelLoadException missing(String key) {
        return new ModelLoadException("cannot infer the architecture: checkpoint has no tensor '" + key + "'");
    }
}
