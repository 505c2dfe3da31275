package io.sdjava.upscale;

import io.sdjava.UnsupportedModelException;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import java.nio.file.Path;
import java.util.Locale;

/** Opens ESRGAN weight files as {@link StateDict}s by extension. */
final class EsrganWeights {
    private EsrganWeights() {}

    /**
     * @param file a {@code .safetensors} file ({@code .pth} once the safe pickle reader is available)
     * @return the opened state dict; the caller closes it
     * @throws UnsupportedModelException for formats not readable yet
     */
    static StateDict open(Path file) {
        if (canRead(file)) {
            return SafetensorsReader.open(file);
        }
        throw new UnsupportedModelException("cannot read " + file + ": needs pickle reader (.pth/.ckpt support "
                + "comes with io.sdjava.io.StateDicts); supported now: .safetensors");
    }

    /** @return whether {@link #open} can read {@code file}'s format (false for pickles until the reader lands) */
    static boolean canRead(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors");
    }
}
