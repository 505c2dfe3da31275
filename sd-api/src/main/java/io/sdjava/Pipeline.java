package io.sdjava;

import io.sdjava.spi.BackendProvider;
import io.sdjava.spi.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded Stable Diffusion model that turns {@link GenerationRequest}s into images.
 *
 * <pre>{@code
 * try (Pipeline sd = Pipeline.builder().checkpoint(Path.of("v1-5-pruned-emaonly.safetensors")).build()) {
 *     GenerationResult result = sd.generate(sd.newRequest("a photo of a cat").steps(25).seed(42).build());
 *     SdImage image = result.first().image();
 * }
 * }</pre>
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe: concurrent {@link #generate} calls are allowed
 * and run in parallel; calls that need a different set of LoRA networks (from the prompts'
 * {@code <lora:...>} tags) than the ones running are serialized. {@link #close()} waits for nothing: call it
 * once no generation is running any more; later calls to {@link #generate} throw
 * {@link IllegalStateException}.
 */
public interface Pipeline extends AutoCloseable {
    /**
     * Runs a request to the end, calling its listener along the way.
     *
     * @param request the request
     * @return the {@code batchCount * batchSize} images
     * @throws InvalidRequestException if the backend rejects a value (unknown sampler, upscaler, LoRA, ...)
     * @throws GenerationCancelledException if the request's cancellation token was cancelled
     * @throws IllegalStateException if the pipeline is closed
     */
    GenerationResult generate(GenerationRequest request);

    /**
     * Starts a request with this pipeline's defaults (A1111's, unless the backend adapts them to the model,
     * e.g. 1024x1024 for SDXL).
     *
     * @param prompt the positive prompt
     * @return a builder holding the prompt
     */
    default GenerationRequest.Builder newRequest(String prompt) {
        return GenerationRequest.builder().prompt(prompt);
    }

    /** Releases the models and their native memory. Idempotent. */
    @Override
    void close();

    /** @return a new builder */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the model files and the device, then loads them through a backend. Not thread-safe.
     *
     * <p>Defaults: no separate VAE, no embeddings, LoRA or upscaler directory, the backend's tokenizer,
     * {@link Device#cpu()}, {@link Precision#AUTO}, and the automatic backend choice.
     */
    final class Builder {
        private Path checkpoint;
        private Path vae;
        private Path embeddingsDir;
        private Path loraDir;
        private Path upscalerDir;
        private Path tokenizer;
        private Device device = Device.cpu();
        private Precision precision = Precision.AUTO;
        private String backend;

        private Builder() {}

        /**
         * @param checkpoint the model checkpoint ({@code .safetensors}, {@code .ckpt}); required
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder checkpoint(Path checkpoint) {
            this.checkpoint = Bounds.notNull("checkpoint", checkpoint);
            return this;
        }

        /**
         * @param vae a separate VAE file, or {@code null} (default) for the checkpoint's own
         * @return this builder
         */
        public Builder vae(Path vae) {
            this.vae = vae;
            return this;
        }

        /**
         * @param embeddingsDir directory of textual-inversion embeddings, or {@code null} (default) for none
         * @return this builder
         */
        public Builder embeddingsDir(Path embeddingsDir) {
            this.embeddingsDir = embeddingsDir;
            return this;
        }

        /**
         * @param loraDir directory of LoRA networks, or {@code null} (default) for none
         * @return this builder
         */
        public Builder loraDir(Path loraDir) {
            this.loraDir = loraDir;
            return this;
        }

        /**
         * @param upscalerDir directory of upscaler models, or {@code null} (default) for none
         * @return this builder
         */
        public Builder upscalerDir(Path upscalerDir) {
            this.upscalerDir = upscalerDir;
            return this;
        }

        /**
         * @param tokenizer the CLIP tokenizer ({@code tokenizer.json} or its directory), or {@code null}
         *     (default) for the backend's
         * @return this builder
         */
        public Builder tokenizer(Path tokenizer) {
            this.tokenizer = tokenizer;
            return this;
        }

        /**
         * @param device the device; default {@link Device#cpu()}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder device(Device device) {
            this.device = Bounds.notNull("device", device);
            return this;
        }

        /**
         * @param precision the precision; default {@link Precision#AUTO}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder precision(Precision precision) {
            this.precision = Bounds.notNull("precision", precision);
            return this;
        }

        /**
         * Names the backend to use, overriding {@code -Dsd.backend} and the automatic choice.
         *
         * @param backend a {@link BackendProvider#name()}, or {@code null} (default) to choose automatically
         * @return this builder
         */
        public Builder backend(String backend) {
            this.backend = backend == null || backend.isBlank() ? null : backend;
            return this;
        }

        /**
         * Checks the files and combinations, then loads the model through a {@link BackendProvider} found
         * with {@link java.util.ServiceLoader}: the one named by {@link #backend(String)}, else by the system
         * property {@code sd.backend}, else the one with the lowest rank.
         *
         * @return a ready pipeline, to be closed by the caller
         * @throws InvalidRequestException if no checkpoint was set, or for FP16 on the CPU
         * @throws ModelLoadException if a file or directory is missing or unreadable, or a model is corrupt
         * @throws UnsupportedModelException if a model's architecture is not supported
         * @throws BackendUnavailableException if no backend is on the class path, or the named one is not
         */
        public Pipeline build() {
            return build(BackendSelector.discover(), System.getProperty(BackendSelector.PROPERTY));
        }

        Pipeline build(List<BackendProvider> providers, String property) {
            PipelineConfig config = config();
            return BackendSelector.select(providers, backend, property).create(config);
        }

        PipelineConfig config() {
            if (checkpoint == null) {
                throw new InvalidRequestException("no checkpoint set; call Pipeline.builder().checkpoint(path)");
            }
            requireFile("checkpoint", checkpoint);
            if (vae != null) {
                requireFile("vae", vae);
            }
            requireDirectory("embeddingsDir", embeddingsDir);
            requireDirectory("loraDir", loraDir);
            requireDirectory("upscalerDir", upscalerDir);
            if (tokenizer != null && !Files.isReadable(tokenizer)) {
                throw new ModelLoadException("tokenizer " + tokenizer + " does not exist or is not readable");
            }
            if (precision == Precision.FP16 && !device.isGpu()) {
                throw new InvalidRequestException("precision FP16 is not supported on " + device
                        + "; allowed on the CPU: FP32, AUTO");
            }
            return new PipelineConfig(checkpoint, vae, embeddingsDir, loraDir, upscalerDir, tokenizer, device,
                    precision);
        }

        private static void requireFile(String name, Path path) {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ModelLoadException(name + " " + path + (Files.isDirectory(path)
                        ? " is a directory; expected a model file" : " does not exist or is not readable"));
            }
        }

        private static void requireDirectory(String name, Path path) {
            if (path != null && (!Files.isDirectory(path) || !Files.isReadable(path))) {
                throw new ModelLoadException(name + " " + path + " is not a readable directory");
            }
        }
    }
}
