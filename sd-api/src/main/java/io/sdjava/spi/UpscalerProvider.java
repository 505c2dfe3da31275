package io.sdjava.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * ServiceLoader seam for upscalers ({@code META-INF/services/io.sdjava.spi.UpscalerProvider}).
 * Implementations are thread-safe.
 */
public interface UpscalerProvider {
    /**
     * @param modelsDir the directory of upscaler model files, or {@code null} if none was configured
     * @return the A1111 names of the upscalers available, e.g. {@code "R-ESRGAN 4x+"} or {@code "Lanczos"}
     */
    List<String> ids(Path modelsDir);

    /**
     * @param id one of {@link #ids(Path)}
     * @param modelsDir the directory of upscaler model files, or {@code null}
     * @return a new upscaler, owned (and closed) by the caller
     * @throws io.sdjava.InvalidRequestException naming the available ids if {@code id} is unknown
     * @throws io.sdjava.ModelLoadException if the model file cannot be read
     */
    Upscaler create(String id, Path modelsDir);
}
