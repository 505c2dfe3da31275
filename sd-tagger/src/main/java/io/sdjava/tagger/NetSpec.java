package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.ModelLoadException;
import io.sdjava.UnsupportedModelException;
import java.util.Locale;
import java.util.Map;

/**
 * The architecture a {@code config.json} (timm / Hugging Face format) describes: what the net computes and which
 * weights (names and shapes, timm's state_dict layout) it needs.
 */
sealed interface NetSpec permits VitSpec, ConvNextSpec, SwinV2Spec {
    /** The architectures this module can run, for error messages. */
    String SUPPORTED = "vit_{tiny,small,base,large}_patch{N}_{size} (class_token=false, as wd-vit-tagger-v3), "
            + "convnext_{tiny,small,base,large,xlarge} (as wd-convnext-tagger-v3) and "
            + "swinv2_{tiny,small,base,large}_window{N}_{size} (as wd-swinv2-tagger-v3)";

    /** @return the square input side in pixels */
    int inputSize();

    /** @return the number of output classes (rows of selected_tags.csv) */
    int numClasses();

    /** @return whether the MLPs use the tanh approximation of GELU */
    boolean geluTanh();

    /** @return every weight the net needs, in timm's state_dict order, name to shape */
    Map<String, long[]> parameterShapes();

    /**
     * @param config a parsed {@code config.json}
     * @return the spec it describes
     * @throws UnsupportedModelException naming the supported architectures if the architecture is unknown
     * @throws ModelLoadException if a required field is missing or invalid
     */
    static NetSpec fromConfig(JsonNode config) {
        String arch = config.path("architecture").asText("");
        if (arch.isEmpty()) {
            throw new ModelLoadException("config.json has no 'architecture'; supported: " + SUPPORTED);
        }
        String name = arch.toLowerCase(Locale.ROOT);
        if (name.startsWith("vit_")) {
            return VitSpec.fromConfig(name, config);
        }
        if (name.startsWith("convnext_")) {
            return ConvNextSpec.fromConfig(name, config);
        }
        if (name.startsWith("swinv2_")) {
            return SwinV2Spec.fromConfig(name, config);
        }
        throw new UnsupportedModelException("unknown tagger architecture '" + arch + "'; supported: " + SUPPORTED);
    }

    /** Reads {@code model_args.key}, else {@code fallback}. */
    static int intArg(JsonNode config, String key, int fallback) {
        JsonNode v = config.path("model_args").path(key);
        return v.isNumber() ? v.asInt() : fallback;
    }

    /** The input side: model_args.img_size, else pretrained_cfg.input_size[1], else {@code fallback}. */
    static int inputSize(JsonNode config, int fallback) {
        JsonNode img = config.path("model_args").path("img_size");
        if (img.isNumber()) {
            return img.asInt();
        }
        JsonNode size = config.path("pretrained_cfg").path("input_size");
        return size.isArray() && size.size() == 3 ? size.get(1).asInt() : fallback;
    }

    /** The class count: num_classes (top level or model_args). */
    static int numClasses(JsonNode config) {
        JsonNode n = config.path("num_classes");
        int classes = n.isNumber() ? n.asInt() : intArg(config, "num_classes", -1);
        if (classes <= 0) {
            throw new ModelLoadException("config.json needs a positive 'num_classes', got " + n);
        }
        return classes;
    }

    /** model_args.act_layer: gelu_tanh (tanh approximation) or gelu / absent (exact erf). */
    static boolean geluTanh(JsonNode config) {
        String act = config.path("model_args").path("act_layer").asText("gelu");
        return switch (act) {
            case "gelu_tanh", "gelu_pytorch_tanh" -> true;
            case "gelu" -> false;
            default -> throw new UnsupportedModelException("act_layer '" + act + "' is not supported; supported: "
                    + "gelu, gelu_tanh");
        };
    }
}
