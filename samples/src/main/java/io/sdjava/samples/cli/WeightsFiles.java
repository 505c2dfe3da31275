package io.sdjava.samples.cli;

import io.sdjava.io.PickleFile;
import io.sdjava.io.StateDict;
import io.sdjava.io.StateDicts;
import io.sdjava.io.UnwrappedPickle;
import java.nio.file.Path;

/** The single place where the CLI opens a weights file. */
final class WeightsFiles {
    private WeightsFiles() {}

    /**
     * Opens a weights file as a state dict; a pickle whose tensors sit under a wrapper entry ({@code params_ema},
     * {@code params}, ...: Real-ESRGAN releases) is seen through it ({@link UnwrappedPickle}).
     *
     * @throws io.sdjava.ModelLoadException naming the file and the problem
     */
    static StateDict open(Path file) {
        StateDict dict = StateDicts.open(file);
        if (dict instanceof PickleFile pickle) {
            if (pickle.keys().isEmpty()) {
                UnwrappedPickle unwrapped = UnwrappedPickle.of(pickle);
                if (unwrapped.wrapper() != null && !unwrapped.keys().isEmpty()) {
                    return unwrapped;
                }
            }
            return pickle;
        }
        return dict;
    }
}
