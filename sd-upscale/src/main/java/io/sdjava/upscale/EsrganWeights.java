package io.sdjava.upscale;

import io.sdjava.io.PickleFile;
import io.sdjava.io.UnwrappedPickle;
import io.sdjava.io.PickleReader;
import io.sdjava.io.StateDict;
import io.sdjava.io.StateDicts;
import java.nio.file.Path;

/**
 * Opens ESRGAN weight files by content: safetensors as they are, PyTorch pickles ({@code .pth}/{@code .pt}) through
 * the safe reader with spandrel's allow-list, unwrapped as {@link UnwrappedPickle} does.
 */
final class EsrganWeights {
    private EsrganWeights() {}

    /**
     * @param file a weights file
     * @return the opened state dict; the caller closes it
     * @throws io.sdjava.ModelLoadException if the file is missing, of an unknown format, corrupt or hostile
     */
    static StateDict open(Path file) {
        StateDict dict = StateDicts.open(file, PickleReader.AllowList.SPANDREL);
        return dict instanceof PickleFile pickle ? UnwrappedPickle.of(pickle) : dict;
    }
}
