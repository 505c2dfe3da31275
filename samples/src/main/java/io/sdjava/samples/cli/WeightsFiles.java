package io.sdjava.samples.cli;

import io.sdjava.io.StateDicts;
import io.sdjava.io.StateDict;
import java.nio.file.Path;

/** The single place where the CLI opens a weights file. */
final class WeightsFiles {
    private WeightsFiles() {}

    /**
     * Opens a weights file as a state dict.
     *
     * @throws io.sdjava.ModelLoadException naming the file and the problem
     */
    static StateDict open(Path file) {
        return StateDicts.open(file);
    }
}
