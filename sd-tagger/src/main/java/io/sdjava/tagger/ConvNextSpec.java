package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.UnsupportedModelException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * timm {@code ConvNeXt} ({@code conv_mlp=False}, layer scale {@code gamma}, LayerNorm eps 1e-6) as
 * wd-convnext-tagger-v3 uses it.
 */
record ConvNextSpec(int inputSize, int[] depths, int[] dims, int numClasses, boolean geluTanh)
        implements NetSpec {
    static ConvNextSpec fromConfig(String arch, JsonNode config) {
        int[][] size = switch (arch) {
            case "convnext_tiny" -> new int[][] {{3, 3, 9, 3}, {96, 192, 384, 768}};
            case "convnext_small" -> new int[][] {{3, 3, 27, 3}, {96, 192, 384, 768}};
            case "convnext_base" -> new int[][] {{3, 3, 27, 3}, {128, 256, 512, 1024}};
            case "convnext_large" -> new int[][] {{3, 3, 27, 3}, {192, 384, 768, 1536}};
            case "convnext_xlarge" -> new int[][] {{3, 3, 27, 3}, {256, 512, 1024, 2048}};
            default -> throw new UnsupportedModelException("unknown ConvNeXt variant '" + arch + "'; supported: "
                    + SUPPORTED);
        };
        JsonNode args = config.path("model_args");
        if (args.path("conv_mlp").asBoolean(false)) {
            throw new UnsupportedModelException("ConvNeXt with conv_mlp=true is not supported; supported: "
                    + SUPPORTED);
        }
        int[] depths = intArray(args.path("depths"), size[0]);
        int[] dims = intArray(args.path("dims"), size[1]);
        if (depths.length != dims.length || depths.length == 0) {
            throw new UnsupportedModelException("ConvNeXt depths " + args.path("depths") + " and dims "
                    + args.path("dims") + " must have the same non-zero length");
        }
        return new ConvNextSpec(NetSpec.inputSize(config, 224), depths, dims, NetSpec.numClasses(config),
                NetSpec.geluTanh(config));
    }

    private static int[] intArray(JsonNode node, int[] fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    @Override
    public int[] depths() {
        return depths.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("stem.0.weight", new long[] {dims[0], 3, 4, 4});
        shapes.put("stem.0.bias", new long[] {dims[0]});
        shapes.put("stem.1.weight", new long[] {dims[0]});
        shapes.put("stem.1.bias", new long[] {dims[0]});
        for (int s = 0; s < depths.length; s++) {
            long c = dims[s];
            if (s > 0) {
                String p = "stages." + s + ".downsample.";
                shapes.put(p + "0.weight", new long[] {dims[s - 1]});
                shapes.put(p + "0.bias", new long[] {dims[s - 1]});
                shapes.put(p + "1.weight", new long[] {c, dims[s - 1], 2, 2});
                shapes.put(p + "1.bias", new long[] {c});
            }
            for (int b = 0; b < depths[s]; b++) {
                String p = "stages." + s + ".blocks." + b + ".";
                shapes.put(p + "gamma", new long[] {c});
                shapes.put(p + "conv_dw.weight", new long[] {c, 1, 7, 7});
                shapes.put(p + "conv_dw.bias", new long[] {c});
                shapes.put(p + "norm.weight", new long[] {c});
                shapes.put(p + "norm.bias", new long[] {c});
                shapes.put(p + "mlp.fc1.weight", new long[] {4 * c, c});
                shapes.put(p + "mlp.fc1.bias", new long[] {4 * c});
                shapes.put(p + "mlp.fc2.weight", new long[] {c, 4 * c});
                shapes.put(p + "mlp.fc2.bias", new long[] {c});
            }
        }
        long last = dims[dims.length - 1];
        shapes.put("head.norm.weight", new long[] {last});
        shapes.put("head.norm.bias", new long[] {last});
        shapes.put("head.fc.weight", new long[] {numClasses, last});
        shapes.put("head.fc.bias", new long[] {numClasses});
        return shapes;
    }
}
