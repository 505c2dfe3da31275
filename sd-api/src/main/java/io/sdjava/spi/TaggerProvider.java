package io.sdjava.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * ServiceLoader seam for taggers ({@code META-INF/services/io.sdjava.spi.TaggerProvider}). Implementations
 * are thread-safe.
 */
public interface TaggerProvider {
    /**
     * @param modelsDir the directory of tagger model files, or {@code null}
     * @return the names of the taggers available
     */
    List<String> ids(Path modelsDir);

    /**
     * @param id one of {@link #ids(Path)}
     * @param modelsDir the directory of tagger model files, or {@code null}
     * @return a new tagger, owned (and closed) by the caller
     * @throws io.sdjava.InvalidRequestException naming the available ids if {@code id} is unknown
     * @throws io.sdjava.ModelLoadException if the model file cannot be read
     */
    Tagger create(String id, Path modelsDir);
}
