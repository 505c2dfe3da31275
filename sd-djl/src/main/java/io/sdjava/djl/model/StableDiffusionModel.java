package io.sdjava.djl.model;

import ai.djl.ndarray.NDManager;
import io.sdjava.ModelLoadException;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.checkpoint.LdmKeyLayout;
import io.sdjava.djl.checkpoint.ScheduleBuffers;
import io.sdjava.djl.checkpoint.StateDictWeights;
import io.sdjava.io.StateDicts;
import io.sdjava.io.StateDict;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * An SD 1.x checkpoint loaded for inference: text encoder, UNet and VAE in float32 on one named weights
 * manager, plus the schedule's {@code alphas_cumprod}. Closing it frees the weights. The networks are
 * read-only, so forward calls may run concurrently; {@link #close()} must not race with them.
 *
 * @param config the architecture
 * @param textEncoder the CLIP text encoder
 * @param unet the denoising UNet
 * @param vae the autoencoder
 * @param alphasCumprod the schedule buffer as stored (else computed), one per training timestep
 * @param weights the manager owning every weight
 * @param checkpointWeights the text-encoder and UNet weights by checkpoint key (what LoRA-family networks change)
 * @param checkpoint the checkpoint file the weights came from (re-read to restore them exactly), or null
 */
public record StableDiffusionModel(ArchitectureConfig config, ClipTextModel textEncoder, UNetModel unet,
        AutoencoderKl vae, double[] alphasCumprod, NDManager weights,
        Map<String, StateDictWeights.LoadedWeight> checkpointWeights, Path checkpoint) implements AutoCloseable {
    /** Checks for nulls. */
    public StableDiffusionModel {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        alphasCumprod = alphasCumprod.clone();
        checkpointWeights = Map.copyOf(checkpointWeights);
    }

    /**
     * A model whose weights cannot be merged into (no key table).
     *
     * @param config the architecture
     * @param textEncoder the CLIP text encoder
     * @param unet the denoising UNet
     * @param vae the autoencoder
     * @param alphasCumprod the schedule buffer
     * @param weights the manager owning every weight
     */
    public StableDiffusionModel(ArchitectureConfig config, ClipTextModel textEncoder, UNetModel unet,
            AutoencoderKl vae, double[] alphasCumprod, NDManager weights) {
        this(config, textEncoder, unet, vae, alphasCumprod, weights, Map.of(), null);
    }

    @Override
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /**
     * Loads a checkpoint file (currently {@code .safetensors}), with its same-named {@code .yaml} if present.
     *
     * @param checkpoint the file
     * @param parent the manager under which a child weights manager is created
     * @return the model; close it to free the weights
     * @throws ModelLoadException if the file is unreadable, not SD, or incomplete (listing missing keys)
     * @throws io.sdjava.UnsupportedModelException for SD 2.x, SDXL and other unsupported variants
     */
    public static StableDiffusionModel load(Path checkpoint, NDManager parent) {
        return load(checkpoint, null, parent);
    }

    /**
     * Loads a checkpoint file with a separate VAE file replacing the checkpoint's (A1111's {@code models/VAE}).
     *
     * @param checkpoint the checkpoint file ({@code .safetensors} so far)
     * @param vae the VAE file ({@code .safetensors} so far; keys with or without {@code first_stage_model.}),
     *     or null to use the checkpoint's own
     * @param parent the manager under which a child weights manager is created
     * @return the model; close it to free the weights
     * @throws ModelLoadException if a file is unreadable, not SD, or incomplete (listing missing keys)
     */
    public static StableDiffusionModel load(Path checkpoint, Path vae, NDManager parent) {
        try (StateDict sd = open(checkpoint); StateDict vaeDict = vae == null ? null : open(vae)) {
            return load(sd, vaeDict, ArchitectureConfig.of(sd), parent);
        }
    }

    private static StateDict open(Path file) {
        return StateDicts.open(file);
    }

    /**
     * Builds the model from an opened checkpoint in the LDM key layout (legacy CLIP key names are renamed as
     * A1111 does). Extra keys ({@code model_ema.*} and the like) are ignored.
     *
     * @param checkpoint the opened state dict (may be closed afterwards)
     * @param config the architecture
     * @param parent the manager under which a child weights manager is created
     * @return the model
     * @throws ModelLoadException listing every missing key and mismatched shape
     */
    public static StableDiffusionModel load(StateDict checkpoint, ArchitectureConfig config, NDManager parent) {
        return load(checkpoint, null, config, parent);
    }

    /**
     * Builds the model from an opened checkpoint, taking the VAE from {@code vae} when given.
     *
     * @param checkpoint the opened checkpoint
     * @param vae an opened VAE file (keys with or without {@code first_stage_model.}), or null
     * @param config the architecture
     * @param parent the manager under which a child weights manager is created
     * @return the model
     * @throws ModelLoadException listing every missing key and mismatched shape
     */
    public static StableDiffusionModel load(StateDict checkpoint, StateDict vae, ArchitectureConfig config,
            NDManager parent) {
        NDManager weights = parent.newSubManager();
        weights.setName("weights:" + checkpoint.source().getFileName());
        try {
            StateDictWeights source = new StateDictWeights(LdmKeyLayout.canonical(checkpoint), weights);
            ClipTextModel text = ClipTextModel.load(source.at(LdmKeyLayout.TEXT), config.textEncoder());
            UNetModel unet = UNetModel.load(source.at(LdmKeyLayout.UNET), config.unet());
            AutoencoderKl autoencoder;
            if (vae == null) {
                autoencoder = AutoencoderKl.load(source.at(LdmKeyLayout.VAE), config.vae());
                source.finish();
            } else {
                source.finish();
                StateDictWeights vaeSource = new StateDictWeights(vae, weights);
                String prefix = vae.contains(LdmKeyLayout.VAE + "encoder.conv_in.weight") ? LdmKeyLayout.VAE : "";
                autoencoder = AutoencoderKl.load(vaeSource.at(prefix), config.vae());
                vaeSource.finish();
            }
            return new StableDiffusionModel(config, text, unet, autoencoder,
                    ScheduleBuffers.alphasCumprod(checkpoint, config.schedule()), weights, source.loaded(),
                    checkpoint.source());
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    @Override
    public void close() {
        weights.close();
    }
}
