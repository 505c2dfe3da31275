package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDManager;
import io.sdjava.djl.conditioning.EmbeddingLookup;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Where the {@code pipeline} and {@code models} fixture files are, and the model they run on. */
final class PipelineFixtures {
    private final Path root;

    PipelineFixtures(Path root) {
        this.root = root;
    }

    Path pipelineDir() {
        return root.resolve("pipeline");
    }

    Path modelsDir() {
        return root.resolve("models");
    }

    Path checkpoint() {
        return modelsDir().resolve("tiny-sd1.safetensors");
    }

    Path tokenizer() {
        return root.resolve("text").resolve("clip-vit-large-patch14");
    }

    Path tokenizerJson() {
        return tokenizer().resolve("tokenizer.json");
    }

    Path embeddingsDir() {
        return pipelineDir().resolve("embeddings");
    }

    Path loraDir() {
        return pipelineDir().resolve("lora");
    }

    Path conditioningGoldens() {
        return pipelineDir().resolve("conditioning.safetensors");
    }

    StableDiffusionModel loadModel(NDManager parent) {
        return StableDiffusionModel.load(checkpoint(), parent);
    }

    /** @return the embedding vectors as the reference loader yielded them ({@code <name>/vec}) */
    EmbeddingLookup embeddings() {
        Map<String, EmbeddingLookup.EmbeddingVectors> byName = new HashMap<>();
        try (StateDict sd = SafetensorsReader.open(embeddingsDir().resolve("embedding_vectors.safetensors"))) {
            for (String key : sd.keys()) {
                if (key.endsWith("/vec")) {
                    String name = key.substring(0, key.length() - "/vec".length());
                    long[] shape = sd.info(key).shape();
                    int vectors = shape.length == 1 ? 1 : Math.toIntExact(shape[0]);
                    int width = Math.toIntExact(shape[shape.length - 1]);
                    byName.put(name, new EmbeddingLookup.EmbeddingVectors(name, vectors, width, sd.toFloatArray(key)));
                }
            }
        }
        return name -> Optional.ofNullable(byName.get(name));
    }
}
