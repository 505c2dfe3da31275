package io.sdjava.spi;

import io.sdjava.Pipeline;

/**
 * ServiceLoader seam for engines: a backend turns a {@link PipelineConfig} into a running {@link Pipeline}.
 * Register implementations in {@code META-INF/services/io.sdjava.spi.BackendProvider} (and with
 * {@code provides} in {@code module-info}). {@link Pipeline.Builder#build()} picks the provider named by
 * {@link Pipeline.Builder#backend(String)}, else the one named by {@code -Dsd.backend=NAME}, else the one
 * with the lowest {@link #rank()}. Implementations must be thread-safe and cheap to construct; heavy work
 * belongs in {@link #create}.
 */
public interface BackendProvider {
    /** @return a short unique name, e.g. {@code "djl"}, as used by {@code -Dsd.backend} */
    String name();

    /** @return the priority when no backend is named; lower wins */
    int rank();

    /**
     * Loads the models and returns a ready pipeline.
     *
     * @param config what the builder collected; files were checked to exist and be readable
     * @return a new pipeline, owned (and closed) by the caller
     * @throws io.sdjava.ModelLoadException if a model file is corrupt or incomplete
     * @throws io.sdjava.UnsupportedModelException if a model's architecture is not supported
     * @throws io.sdjava.BackendUnavailableException if the device or precision cannot be used here
     */
    Pipeline create(PipelineConfig config);
}
