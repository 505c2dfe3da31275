package io.sdjava.djl.checkpoint;

import io.sdjava.UnsupportedModelException;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The architecture of an SD checkpoint: its three networks, its training schedule and latent scale.
 * Read from the same-named {@code .yaml} beside the checkpoint when there is one (LDM config format, as
 * A1111 does), else inferred from the tensor shapes with SD 1.x / CLIP ViT-L/14 defaults for what shapes
 * cannot tell (head counts).
 *
 * @param unet the UNet
 * @param vae the first-stage autoencoder
 * @param textEncoder the CLIP text encoder
 * @param schedule the DDPM training schedule (used when the file has no {@code alphas_cumprod})
 * @param scaleFactor the latent scale factor (0.18215)
 */
public record ArchitectureConfig(UNetConfig unet, VaeConfig vae, TextEncoderConfig textEncoder,
        ScheduleConfig schedule, double scaleFactor) {
    /** Rejects nulls. */
    public ArchitectureConfig {
        Objects.requireNonNull(unet, "unet");
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(textEncoder, "textEncoder");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** @return SD 1.x (v1-inference.yaml) */
    public static ArchitectureConfig sd1() {
        return new ArchitectureConfig(UNetConfig.sd1(), VaeConfig.sd(), TextEncoderConfig.clipVitL14(),
                ScheduleConfig.sd(), 0.18215);
    }

    /**
     * Resolves the architecture of an opened checkpoint: recognises its family (refusing unsupported ones),
     * then reads {@code <checkpoint name>.yaml} beside it if present, else infers from the shapes.
     *
     * @param checkpoint the opened checkpoint
     * @return the architecture
     * @throws UnsupportedModelException for SD 2.x, SDXL and other unsupported variants
     * @throws io.sdjava.ModelLoadException if the file is not an SD checkpoint or its yaml is invalid
     */
    public static ArchitectureConfig of(StateDict checkpoint) {
        StateDict canonical = LdmKeyLayout.canonical(checkpoint);
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (String key : canonical.keys()) {
            tensors.put(key, canonical.info(key));
        }
        Path yaml = checkpoint.source() == null ? null : yamlBeside(checkpoint.source());
        return of(tensors, yaml != null && Files.isRegularFile(yaml) ? yaml : null);
    }

    /**
     * Resolves the architecture from tensor names and shapes (no weights needed).
     *
     * @param tensors every tensor of the checkpoint
     * @param yaml an LDM config to use instead of shape inference, or null
     * @return the architecture
     * @throws UnsupportedModelException for SD 2.x, SDXL and other unsupported variants
     */
    public static ArchitectureConfig of(Map<String, TensorInfo> tensors, Path yaml) {
        ModelFamily.detect(tensors.keySet()).requireSupported();
        ArchitectureConfig config = yaml != null ? LdmYamlConfig.read(yaml) : ShapeInference.infer(tensors);
        config.requireSupported();
        return config;
    }

    /**
     * @param checkpoint a checkpoint file
     * @return the path of the same-named {@code .yaml} beside it (which may not exist)
     */
    public static Path yamlBeside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return checkpoint.resolveSibling(stem + ".yaml");
    }

    private void requireSupported() {
        if (unet.linearProjection() || textEncoder.hiddenSize() != unet.contextDim()) {
            throw new UnsupportedModelException("SD 2.x-style checkpoints (linear proj_in/proj_out or a context "
                    + "width " + unet.contextDim() + " != text width " + textEncoder.hiddenSize()
                    + ") are not supported yet (supported: SD 1.x)");
        }
        if (unet.inChannels() != 4 || unet.outChannels() != 4) {
            throw new UnsupportedModelException("UNets with " + unet.inChannels() + " input channels (inpainting "
                    + "or instruct-pix2pix models) are not supported yet (supported: 4 in, 4 out)");
        }
    }
}
