package io.sdjava.djl.network;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the module names of kohya / diffusers / LyCORIS network files to the LDM checkpoint's weight keys, as
 * A1111's Lora extension does: first its diffusers-to-CompVis name conversion, then a lookup among the model's own
 * layer names (the LDM module path with {@code .} replaced by {@code _}), then its fallbacks (strip a trailing
 * {@code _q_proj/_k_proj/_v_proj}; {@code lora_unet} to {@code diffusion_model} verbatim; {@code lora_te1_text_model}
 * to {@code 0_transformer_text_model}, then to {@code transformer_text_model}). Immutable and thread-safe.
 */
public final class NetworkKeyMapper {
    private static final String UNET_PREFIX = "model.";
    private static final String TEXT_PREFIX = "cond_stage_model.";
    private static final Pattern X_PROJ = Pattern.compile("(.*)_([qkv]_proj)$");
    private static final Map<String, String> RESNET_SUFFIXES = Map.of(
            "conv1", "in_layers_2",
            "conv2", "out_layers_3",
            "norm1", "in_layers_0",
            "norm2", "out_layers_0",
            "time_emb_proj", "emb_layers_1",
            "conv_shortcut", "skip_connection");

    private static final Pattern CONV_IN = Pattern.compile("lora_unet_conv_in(.*)");
    private static final Pattern CONV_OUT = Pattern.compile("lora_unet_conv_out(.*)");
    private static final Pattern TIME_EMBED = Pattern.compile("lora_unet_time_embedding_linear_(\\d+)(.*)");
    private static final Pattern DOWN = Pattern.compile("lora_unet_down_blocks_(\\d+)_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern MID = Pattern.compile("lora_unet_mid_block_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern UP = Pattern.compile("lora_unet_up_blocks_(\\d+)_(attentions|resnets)_(\\d+)_(.+)");
    private static final Pattern DOWNSAMPLER = Pattern.compile("lora_unet_down_blocks_(\\d+)_downsamplers_0_conv");
    private static final Pattern UPSAMPLER = Pattern.compile("lora_unet_up_blocks_(\\d+)_upsamplers_0_conv");
    private static final Pattern TE = Pattern.compile("lora_te_text_model_encoder_layers_(\\d+)_(.+)");
    private static final Pattern TE2 = Pattern.compile("lora_te2_text_model_encoder_layers_(\\d+)_(.+)");

    private final Map<String, String> weightKeyByLayerName = new HashMap<>();

    /**
     * @param modelKeys the checkpoint's tensor names (LDM layout); every {@code .weight} under
     *     {@code model.diffusion_model.} or {@code cond_stage_model.} becomes a layer networks can target
     */
    public NetworkKeyMapper(Collection<String> modelKeys) {
        for (String key : modelKeys) {
            if (!key.endsWith(".weight")) {
                continue;
            }
            String module = key.substring(0, key.length() - ".weight".length());
            String stripped;
            if (module.startsWith(UNET_PREFIX + "diffusion_model.")) {
                stripped = module.substring(UNET_PREFIX.length());
            } else if (module.startsWith(TEXT_PREFIX)) {
                stripped = module.substring(TEXT_PREFIX.length());
            } else {
                continue;
            }
            weightKeyByLayerName.put(stripped.replace('.', '_'), key);
        }
    }

    /**
     * A resolved target.
     *
     * @param layerName A1111's layer name, e.g. {@code diffusion_model_input_blocks_1_1_proj_in}
     * @param weightKey the checkpoint's weight key
     */
    public record Target(String layerName, String weightKey) {
        /** @return whether A1111 applies the text-encoder multiplier ({@code transformer} in the first 20 chars) */
        public boolean isTextEncoder() {
            return layerName.substring(0, Math.min(20, layerName.length())).contains("transformer");
        }
    }

    /**
     * @param networkModuleName the part of a network key before its first {@code .}, e.g.
     *     {@code lora_unet_down_blocks_0_attentions_0_proj_in}
     * @return the target layer, or empty when the name matches no layer of the model (A1111 skips such keys)
     */
    public Optional<Target> resolve(String networkModuleName) {
        String converted = convertDiffusersName(networkModuleName);
        Optional<Target> found = lookup(converted);
        if (found.isEmpty()) {
            Matcher m = X_PROJ.matcher(converted);
            if (m.matches()) {
                found = lookup(m.group(1));
            }
        }
        if (found.isEmpty() && networkModuleName.contains("lora_unet")) {
            found = lookup(networkModuleName.replace("lora_unet", "diffusion_model"));
        } else if (found.isEmpty() && networkModuleName.contains("lora_te1_text_model")) {
            found = lookup(networkModuleName.replace("lora_te1_text_model", "0_transformer_text_model"));
            if (found.isEmpty()) {
                found = lookup(networkModuleName.replace("lora_te1_text_model", "transformer_text_model"));
            }
        }
        return found;
    }

    private Optional<Target> lookup(String layerName) {
        String key = weightKeyByLayerName.get(layerName);
        return key == null ? Optional.empty() : Optional.of(new Target(layerName, key));
    }

    /**
     * A1111's {@code convert_diffusers_name_to_compvis} for SD1 models.
     *
     * @param key a network module name
     * @return the A1111 layer name it converts to, or the key unchanged
     */
    static String convertDiffusersName(String key) {
        Matcher m;
        if ((m = CONV_IN.matcher(key)).matches()) {
            return "diffusion_model_input_blocks_0_0" + m.group(1);
        }
        if ((m = CONV_OUT.matcher(key)).matches()) {
            return "diffusion_model_out_2" + m.group(1);
        }
        if ((m = TIME_EMBED.matcher(key)).matches()) {
            return "diffusion_model_time_embed_" + (num(m, 1) * 2 - 2) + m.group(2);
        }
        if ((m = DOWN.matcher(key)).matches()) {
            return "diffusion_model_input_blocks_" + (1 + num(m, 1) * 3 + num(m, 3)) + "_"
                    + blockIndex(m.group(2)) + "_" + suffix(m.group(2), m.group(4));
        }
        if ((m = MID.matcher(key)).matches()) {
            int index = m.group(1).equals("attentions") ? 1 : num(m, 2) * 2;
            return "diffusion_model_middle_block_" + index + "_" + suffix(m.group(1), m.group(3));
        }
        if ((m = UP.matcher(key)).matches()) {
            return "diffusion_model_output_blocks_" + (num(m, 1) * 3 + num(m, 3)) + "_"
                    + blockIndex(m.group(2)) + "_" + suffix(m.group(2), m.group(4));
        }
        if ((m = DOWNSAMPLER.matcher(key)).matches()) {
            return "diffusion_model_input_blocks_" + (3 + num(m, 1) * 3) + "_0_op";
        }
        if ((m = UPSAMPLER.matcher(key)).matches()) {
            int i = num(m, 1);
            return "diffusion_model_output_blocks_" + (2 + i * 3) + "_" + (i > 0 ? 2 : 1) + "_conv";
        }
        if ((m = TE.matcher(key)).matches()) {
            return "transformer_text_model_encoder_layers_" + m.group(1) + "_" + m.group(2);
        }
        if ((m = TE2.matcher(key)).matches()) {
            String rest = m.group(2);
            if (rest.contains("mlp_fc1")) {
                rest = rest.replace("mlp_fc1", "mlp_c_fc");
            } else if (rest.contains("mlp_fc2")) {
                rest = rest.replace("mlp_fc2", "mlp_c_proj");
            } else {
                rest = rest.replace("self_attn", "attn");
            }
            return "1_model_transformer_resblocks_" + m.group(1) + "_" + rest;
        }
        return key;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int blockIndex(String kind) {
        return kind.equals("attentions") ? 1 : 0;
    }

    private static String suffix(String kind, String suffix) {
        return kind.equals("resnets") ? RESNET_SUFFIXES.getOrDefault(suffix, suffix) : suffix;
    }
}
