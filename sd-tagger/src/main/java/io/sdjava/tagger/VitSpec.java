package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.UnsupportedModelException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timm {@code VisionTransformer} as the v3 taggers use it: no class token, average pooling over tokens, the final
 * {@code norm} before pooling ({@code fc_norm=False}) or {@code fc_norm} after it, LayerNorm eps 1e-6.
 */
record VitSpec(int inputSize, int patchSize, int embedDim, int depth, int numHeads, int numClasses,
        boolean geluTanh, boolean fcNorm) implements NetSpec {
    private static final Pattern NAME = Pattern.compile("vit_(tiny|small|base|large)_patch(\\d+)_(\\d+).*");

    static VitSpec fromConfig(String arch, JsonNode config) {
        Matcher m = NAME.matcher(arch);
        if (!m.matches()) {
            throw new UnsupportedModelException("unknown ViT variant '" + arch + "'; supported: " + SUPPORTED);
        }
        int[] size = switch (m.group(1)) {
            case "tiny" -> new int[] {192, 12, 3};
            case "small" -> new int[] {384, 12, 6};
            case "base" -> new int[] {768, 12, 12};
            default -> new int[] {1024, 24, 16};
        };
        JsonNode args = config.path("model_args");
        if (args.path("class_token").asBoolean(true)) {
            throw new UnsupportedModelException("ViT with a class token is not supported (the v3 taggers set "
                    + "model_args.class_token=false); supported: " + SUPPORTED);
        }
        String pool = args.path("global_pool").asText(config.path("global_pool").asText("token"));
        if (!pool.equals("avg")) {
            throw new UnsupportedModelException("ViT global_pool '" + pool + "' is not supported; supported: avg");
        }
        boolean fcNorm = args.path("fc_norm").isBoolean() ? args.path("fc_norm").asBoolean() : true;
        return new VitSpec(NetSpec.inputSize(config, Integer.parseInt(m.group(3))),
                NetSpec.intArg(config, "patch_size", Integer.parseInt(m.group(2))),
                NetSpec.intArg(config, "embed_dim", size[0]), NetSpec.intArg(config, "depth", size[1]),
                NetSpec.intArg(config, "num_heads", size[2]), NetSpec.numClasses(config), NetSpec.geluTanh(config),
                fcNorm);
    }

    int gridSize() {
        return inputSize / patchSize;
    }

    @Override
    public Map<String, long[]> parameterShapes() {
        long d = embedDim;
        long hidden = 4L * embedDim;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("pos_embed", new long[] {1, (long) gridSize() * gridSize(), d});
        shapes.put("patch_embed.proj.weight", new long[] {d, 3, patchSize, patchSize});
        shapes.put("patch_embed.proj.bias", new long[] {d});
        for (int i = 0; i < depth; i++) {
            String p = "blocks." + i + ".";
            shapes.put(p + "norm1.weight", new long[] {d});
            shapes.put(p + "norm1.bias", new long[] {d});
            shapes.put(p + "attn.qkv.weight", new long[] {3 * d, d});
            shapes.put(p + "attn.qkv.bias", new long[] {3 * d});
            shapes.put(p + "attn.proj.weight", new long[] {d, d});
            shapes.put(p + "attn.proj.bias", new long[] {d});
            shapes.put(p + "norm2.weight", new long[] {d});
            shapes.put(p + "norm2.bias", new long[] {d});
            shapes.put(p + "mlp.fc1.weight", new long[] {hidden, d});
            shapes.put(p + "mlp.fc1.bias", new long[] {hidden});
            shapes.put(p + "mlp.fc2.weight", new long[] {d, hidden});
            shapes.put(p + "mlp.fc2.bias", new long[] {d});
        }
        String norm = fcNorm ? "fc_norm" : "norm";
        shapes.put(norm + ".weight", new long[] {d});
        shapes.put(norm + ".bias", new long[] {d});
        shapes.put("head.weight", new long[] {numClasses, d});
        shapes.put("head.bias", new long[] {numClasses});
        return shapes;
    }
}
