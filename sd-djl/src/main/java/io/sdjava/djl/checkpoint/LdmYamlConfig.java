package io.sdjava.djl.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sdjava.ModelLoadException;
import io.sdjava.UnsupportedModelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an LDM inference config ({@code v1-inference.yaml} format). Real SD 1.x configs imply the CLIP
 * ViT-L/14 text encoder; an optional top-level {@code text_encoder_config} block (Hugging Face
 * {@code CLIPTextConfig} names) overrides it.
 */
final class LdmYamlConfig {
    private static final YAMLMapper YAML = new YAMLMapper();

    private LdmYamlConfig() {}

    static ArchitectureConfig read(Path yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model config " + yaml + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("model").path("params").isObject()) {
            throw new ModelLoadException("model config " + yaml + " has no 'model.params' block (LDM format)");
        }
        JsonNode params = root.path("model").path("params");
        String parameterization = params.path("parameterization").asText("eps");
        if (!parameterization.equals("eps")) {
            throw new UnsupportedModelException("model config " + yaml + ": parameterization '" + parameterization
                    + "' (v-prediction, SD 2.x) is not supported yet (supported: eps)");
        }
        String condTarget = params.path("cond_stage_config").path("target").asText("");
        if (condTarget.contains("OpenCLIP")) {
            throw new UnsupportedModelException("model config " + yaml + ": text encoder " + condTarget
                    + " (SD 2.x) is not supported yet (supported: FrozenCLIPEmbedder)");
        }
        return new ArchitectureConfig(unet(yaml, params.path("unet_config").path("params")),
                vae(yaml, params.path("first_stage_config").path("params")),
                text(root.path("text_encoder_config")),
                new ScheduleConfig(params.path("linear_start").asDouble(0.00085),
                        params.path("linear_end").asDouble(0.012), params.path("timesteps").asInt(1000)),
                params.path("scale_factor").asDouble(0.18215));
    }

    private static UNetConfig unet(Path yaml, JsonNode p) {
        UNetConfig d = UNetConfig.sd1();
        if (!p.isObject()) {
            throw new ModelLoadException("model config " + yaml + " has no 'unet_config.params' block");
        }
        return new UNetConfig(p.path("in_channels").asInt(d.inChannels()),
                p.path("out_channels").asInt(d.outChannels()),
                p.path("model_channels").asInt(d.modelChannels()),
                ints(p.path("channel_mult"), d.channelMult()),
                p.path("num_res_blocks").asInt(d.numResBlocks()),
                ints(p.path("attention_resolutions"), d.attentionResolutions()),
                p.path("num_heads").asInt(d.numHeads()),
                p.path("num_head_channels").asInt(-1),
                p.path("transformer_depth").asInt(d.transformerDepth()),
                p.path("context_dim").asInt(d.contextDim()),
                p.path("use_linear_in_transformer").asBoolean(false));
    }

    private static VaeConfig vae(Path yaml, JsonNode p) {
        VaeConfig d = VaeConfig.sd();
        JsonNode dd = p.path("ddconfig");
        if (!dd.isObject()) {
            throw new ModelLoadException("model config " + yaml + " has no 'first_stage_config.params.ddconfig'");
        }
        return new VaeConfig(dd.path("in_channels").asInt(d.inChannels()), dd.path("out_ch").asInt(d.outChannels()),
                dd.path("ch").asInt(d.ch()), ints(dd.path("ch_mult"), d.chMult()),
                dd.path("num_res_blocks").asInt(d.numResBlocks()), dd.path("z_channels").asInt(d.zChannels()),
                dd.path("double_z").asBoolean(d.doubleZ()), p.path("embed_dim").asInt(d.embedDim()));
    }

    private static TextEncoderConfig text(JsonNode t) {
        TextEncoderConfig d = TextEncoderConfig.clipVitL14();
        if (!t.isObject()) {
            return d;
        }
        return new TextEncoderConfig(t.path("vocab_size").asInt(d.vocabSize()),
                t.path("hidden_size").asInt(d.hiddenSize()),
                t.path("intermediate_size").asInt(d.intermediateSize()),
                t.path("num_hidden_layers").asInt(d.numLayers()),
                t.path("num_attention_heads").asInt(d.numHeads()),
                t.path("max_position_embeddings").asInt(d.maxPositions()),
                t.path("hidden_act").asText(d.hiddenAct()),
                t.path("layer_norm_eps").asDouble(d.layerNormEps()));
    }

    private static List<Integer> ints(JsonNode node, List<Integer> fallback) {
        if (!node.isArray()) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
