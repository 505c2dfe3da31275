package io.sdjava.djl.embedding;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A textual-inversion embedding as A1111 loads it: named by its file stem, with its vectors widened to float32.
 * SDXL files hold one tensor per text encoder ({@code clip_l}, {@code clip_g}) in {@link #parts()}; other files hold
 * {@code vectors x width} values in {@link #values()}.
 *
 * @param name the prompt word that triggers it (the file name without extension)
 * @param vectors how many token positions it occupies
 * @param width the vector width (SDXL: the sum of both encoders' widths)
 * @param values row-major {@code [vectors, width]} values, or empty for SDXL files
 * @param parts per-encoder values for SDXL files, else empty
 * @param step the training step recorded in the file, or {@code null}
 * @param sdCheckpoint the checkpoint hash recorded in the file, or {@code null}
 * @param sdCheckpointName the checkpoint name recorded in the file, or {@code null}
 * @param file the file it was read from
 */
public record Embedding(String name, int vectors, int width, float[] values, Map<String, float[]> parts, Long step,
        String sdCheckpoint, String sdCheckpointName, Path file) {
    /** Checks and copies. */
    public Embedding {
        Objects.requireNonNull(name, "name");
        values = values.clone();
        parts = Map.copyOf(parts);
    }

    @Override
    public float[] values() {
        return values.clone();
    }
}
