package io.sdjava.spi;

import io.sdjava.SdImage;
import java.util.List;

/** An image tagger (interrogator). Implementations are thread-safe; close releases native memory. */
public interface Tagger extends AutoCloseable {
    /**
     * @param image the image to describe
     * @return the tags found, highest score first
     */
    List<Tag> tag(SdImage image);

    /** Releases the tagger's resources; the default does nothing. */
    @Override
    default void close() {}
}
