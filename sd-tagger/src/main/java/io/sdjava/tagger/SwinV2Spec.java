package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.UnsupportedModelException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timm {@code SwinTransformerV2} (NHWC, res-post-norm blocks, cosine window attention with a continuous position
 * bias MLP, shifted windows, V2 patch merging, LayerNorm eps 1e-5) as wd-swinv2-tagger-v3 uses it
 * ({@code swinv2_base_window8_256} with {@code img_size=448, window_size=14}).
 */
record SwinV2Spec(int inputSize, int embedDim, int[] depths, int[] numHeads, int windowSize, int numClasses,
        boolean geluTanh) implements NetSpec {
    static final int PATCH = 4;
    private static final Pattern NAME = Pattern.compile("swinv2_(tiny|small|base|large)_window(\\d+)_(\\d+)");

    static SwinV2Spec fromConfig(String arch, JsonNode config) {
        Matcher m = NAME.matcher(arch);
        if (!m.matches()) {
            throw new UnsupportedModelException("unknown SwinV2 variant '" + arch + "'; supported: " + SUPPORTED);
        }
        int embed = switch (m.group(1)) {
            case "tiny", "small" -> 96;
            case "base" -> 128;
            default -> 192;
        };
        int[] depths = m.group(1).equals("tiny") ? new int[] {2, 2, 6, 2} : new int[] {2, 2, 18, 2};
        int h = embed / 32;
        int[] heads = {h, 2 * h, 4 * h, 8 * h};
        JsonNode args = config.path("model_args");
        SwinV2Spec spec = new SwinV2Spec(NetSpec.inputSize(config, Integer.parseInt(m.group(3))),
                NetSpec.intArg(config, "embed_dim", embed), ints(args.path("depths"), depths),
                ints(args.path("num_heads"), heads), NetSpec.intArg(config, "window_size",
                Integer.parseInt(m.group(2))), NetSpec.numClasses(config), NetSpec.geluTanh(config));
        for (int s = 0; s < spec.depths.length; s++) {
            int res = spec.resolution(s);
            if (res % spec.window(s) != 0 || (s > 0 && spec.resolution(s - 1) % 2 != 0)) {
                throw new UnsupportedModelException("SwinV2 stage " + s + " resolution " + res + " is not a multiple"
                        + " of window " + spec.window(s) + "; supported: input sizes that divide evenly");
            }
        }
        return spec;
    }

    private static int[] ints(JsonNode node, int[] fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    /** @return the token grid side of stage {@code s} */
    int resolution(int s) {
        return (inputSize / PATCH) >> s;
    }

    /** @return the window side of stage {@code s} (the stage resolution when smaller than the window) */
    int window(int s) {
        return Math.min(windowSize, resolution(s));
    }

    /** @return the shift of odd blocks in stage {@code s} (0 when one window covers the stage) */
    int shift(int s) {
        return resolution(s) <= windowSize ? 0 : windowSize / 2;
    }

    int dim(int s) {
        return embedDim << s;
    }

    @Override
    public int[] depths() {
        return depths.clone();
    }

    @Override
    public int[] numHeads() {
        return numHeads.clone();
    }

    @Override
    public String toString() {
        return "SwinV2Spec[inputSize=" + inputSize + ", embedDim=" + embedDim + ", depths=" + Arrays.toString(depths)
                + ", numHeads=" + Arrays.toString(numHeads) + ", windowSize=" + windowSize + ", numClasses="
                + numClasses + "]";
    }

    @Override
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("patch_embed.proj.weight", new long[] {embedDim, 3, PATCH, PATCH});
        shapes.put("patch_embed.proj.bias", new long[] {embedDim});
        shapes.put("patch_embed.norm.weight", new long[] {embedDim});
        shapes.put("patch_embed.norm.bias", new long[] {embedDim});
        for (int s = 0; s < depths.length; s++) {
            long c = dim(s);
            if (s > 0) {
                shapes.put("layers." + s + ".downsample.reduction.weight", new long[] {c, 2 * c});
                shapes.put("layers." + s + ".downsample.norm.weight", new long[] {c});
                shapes.put("layers." + s + ".downsample.norm.bias", new long[] {c});
            }
            for (int b = 0; b < depths[s]; b++) {
                String p = "layers." + s + ".blocks." + b + ".";
                shapes.put(p + "attn.logit_scale", new long[] {numHeads[s], 1, 1});
                shapes.put(p + "attn.q_bias", new long[] {c});
                shapes.put(p + "attn.v_bias", new long[] {c});
                shapes.put(p + "attn.cpb_mlp.0.weight", new long[] {512, 2});
                shapes.put(p + "attn.cpb_mlp.0.bias", new long[] {512});
                shapes.put(p + "attn.cpb_mlp.2.weight", new long[] {numHeads[s], 512});
                shapes.put(p + "attn.qkv.weight", new long[] {3 * c, c});
                shapes.put(p + "attn.proj.weight", new long[] {c, c});
                shapes.put(p + "attn.proj.bias", new long[] {c});
                shapes.put(p + "norm1.weight", new long[] {c});
                shapes.put(p + "norm1.bias", new long[] {c});
                shapes.put(p + "mlp.fc1.weight", new long[] {4 * c, c});
                shapes.put(p + "mlp.fc1.bias", new long[] {4 * c});
                shapes.put(p + "mlp.fc2.weight", new long[] {c, 4 * c});
                shapes.put(p + "mlp.fc2.bias", new long[] {c});
                shapes.put(p + "norm2.weight", new long[] {c});
                shapes.put(p + "norm2.bias", new long[] {c});
            }
        }
        long last = dim(depths.length - 1);
        shapes.put("norm.weight", new long[] {last});
        shapes.put("norm.bias", new long[] {last});
        shapes.put("head.fc.weight", new long[] {numClasses, last});
        shapes.put("head.fc.bias", new long[] {numClasses});
        return shapes;
    }
}
