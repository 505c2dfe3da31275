package io.sdjava.spi;

import io.sdjava.Device;
import io.sdjava.Precision;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link io.sdjava.Pipeline.Builder} collected, handed to {@link BackendProvider#create}. Optional paths
 * are {@code null} when not set. Immutable.
 *
 * @param checkpoint the model checkpoint ({@code .safetensors}, {@code .ckpt}); an existing readable file
 * @param vae a separate VAE file, or {@code null} for the checkpoint's own VAE
 * @param embeddingsDir directory of textual-inversion embeddings, or {@code null}
 * @param loraDir directory of LoRA networks, or {@code null}
 * @param upscalerDir directory of upscaler models (ESRGAN, ...), or {@code null}
 * @param tokenizer the CLIP tokenizer ({@code tokenizer.json} or a directory holding it), or {@code null}
 *     for the backend's default
 * @param device the device to run on
 * @param precision the requested precision, possibly {@link Precision#AUTO}
 */
public record PipelineConfig(
        Path checkpoint,
        Path vae,
        Path embeddingsDir,
        Path loraDir,
        Path upscalerDir,
        Path tokenizer,
        Device device,
        Precision precision) {
    /**
     * Checks that the required components are present.
     *
     * @param checkpoint see {@link #checkpoint()}
     * @param vae see {@link #vae()}
     * @param embeddingsDir see {@link #embeddingsDir()}
     * @param loraDir see {@link #loraDir()}
     * @param upscalerDir see {@link #upscalerDir()}
     * @param tokenizer see {@link #tokenizer()}
     * @param device see {@link #device()}
     * @param precision see {@link #precision()}
     */
    public PipelineConfig {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(precision, "precision");
    }
}
