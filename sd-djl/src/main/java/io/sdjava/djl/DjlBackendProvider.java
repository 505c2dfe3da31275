package io.sdjava.djl;

import ai.djl.ndarray.NDManager;
import io.sdjava.Pipeline;
import io.sdjava.djl.conditioning.EmbeddingLookup;
import io.sdjava.djl.conditioning.TextConditioner;
import io.sdjava.djl.embedding.EmbeddingLibrary;
import io.sdjava.djl.infotext.FileHashes;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.djl.network.NetworkApplier;
import io.sdjava.djl.network.NetworkLibrary;
import io.sdjava.djl.text.ClipTokenizer;
import io.sdjava.djl.text.TokenizerLocator;
import io.sdjava.spi.BackendProvider;
import io.sdjava.spi.PipelineConfig;
import io.sdjava.spi.SamplerRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The DJL/PyTorch backend ({@code "djl"}, rank 100): loads SD 1.x checkpoints and runs A1111's txt2img and
 * img2img on the CPU. Found through {@link java.util.ServiceLoader}; thread-safe and cheap to construct.
 */
public final class DjlBackendProvider implements BackendProvider {
    /** Creates the provider (ServiceLoader needs a public no-arg constructor). */
    public DjlBackendProvider() {}

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public int rank() {
        return 100;
    }

    /**
     * Loads the checkpoint (and VAE override), the CLIP tokenizer (the configured one, else a
     * {@code tokenizer.json} beside the checkpoint) and the embeddings folder.
     *
     * @param config what the builder collected
     * @return a ready pipeline
     */
    @Override
    public Pipeline create(PipelineConfig config) {
        return load(config, UnaryOperator.identity(), DjlPipeline.CONDITIONING_CACHE_SIZE);
    }

    /**
     * @param config what the builder collected
     * @param prompts wraps the prompt conditioner (tests count text-encoder runs through it)
     * @param conditioningCacheSize conditionings kept for reuse, 0 = none
     * @return a ready pipeline
     */
    static DjlPipeline load(PipelineConfig config, UnaryOperator<PromptConditioner> prompts,
            int conditioningCacheSize) {
        NDManager root = NDManager.newBaseManager();
        root.setName("sd-pipeline");
        ClipTokenizer tokenizer = null;
        try {
            StableDiffusionModel model = StableDiffusionModel.load(config.checkpoint(), config.vae(), root);
            tokenizer = TokenizerLocator.open(config.tokenizer(), config.checkpoint(), null);
            EmbeddingLibrary embeddings = config.embeddingsDir() == null ? EmbeddingLibrary.empty()
                    : EmbeddingLibrary.load(config.embeddingsDir(), model.config().textEncoder().hiddenSize());
            EmbeddingLookup vectors = name -> embeddings.find(name)
                    .map(e -> new EmbeddingLookup.EmbeddingVectors(e.name(), e.vectors(), e.width(), e.values()));
            TextPromptConditioner text = new TextPromptConditioner(tokenizer, embeddings,
                    new TextConditioner(model.textEncoder(), vectors));
            String fileName = config.checkpoint().getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            NetworkLibrary loras = config.loraDir() == null ? null : NetworkLibrary.scan(config.loraDir());
            NetworkApplier networks = loras == null ? null : new NetworkApplier(model, loras);
            DjlPipeline.Components parts = new DjlPipeline.Components(model, prompts.apply(text),
                    new ImageRngNoiseFactory(), SamplerRegistry.load(), FileHashes.modelHash(config.checkpoint()),
                    dot > 0 ? fileName.substring(0, dot) : fileName, null, networks, hashes(loras, embeddings),
                    List.of(tokenizer));
            return new DjlPipeline(root, parts, config.upscalerDir(), conditioningCacheSize);
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            root.close();
            throw e;
        }
    }

    /** File hashes computed once per file, as A1111 caches them. */
    private static InfotextHashes hashes(NetworkLibrary loras, EmbeddingLibrary embeddings) {
        Map<String, String> cache = new ConcurrentHashMap<>();
        return new InfotextHashes() {
            @Override
            public String lora(String name) {
                return loras == null ? null : cache.computeIfAbsent("lora/" + name,
                        k -> FileHashes.loraShortHash(loras.find(name)));
            }

            @Override
            public String embedding(String name) {
                return embeddings.find(name).filter(e -> e.file() != null).map(e -> cache.computeIfAbsent(
                        "embedding/" + name, k -> FileHashes.embeddingShortHash(e.file()))).orElse(null);
            }
        };
    }
}
