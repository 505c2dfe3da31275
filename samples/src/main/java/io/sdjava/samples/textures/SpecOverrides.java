package io.sdjava.samples.textures;

import java.nio.file.Path;

/**
 * Command-line values that replace or complete the spec's; {@code null} keeps the spec's value.
 *
 * @param checkpoint replaces {@code generation.checkpoint}
 * @param steps replaces {@code generation.steps}
 * @param generationSize replaces {@code generation.size}
 * @param loraDir the LoRA folder; required when a texture lists {@code loras}
 * @param embeddingsDir the embeddings folder; required when a texture lists embeddings
 */
record SpecOverrides(Path checkpoint, Integer steps, Integer generationSize, Path loraDir, Path embeddingsDir) {
    /** @return overrides that keep every spec value */
    static SpecOverrides none() {
        return new SpecOverrides(null, null, null, null, null);
    }

    /** @return these overrides with another checkpoint */
    SpecOverrides withCheckpoint(Path checkpoint) {
        return new SpecOverrides(checkpoint, steps, generationSize, loraDir, embeddingsDir);
    }
}
