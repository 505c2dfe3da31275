package io.sdjava.djl;

import io.sdjava.djl.checkpoint.StateDictWeights;
import io.sdjava.djl.network.MergeableWeights;

import io.sdjava.io.StateDict;
import io.sdjava.io.StateDicts;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The model's live weights for LoRA merging, with the checkpoint file as the source of the original values. */
final class CheckpointWeights implements MergeableWeights {
    private final Map<String, StateDictWeights.LoadedWeight> arrays;
    private final Path checkpoint;

    CheckpointWeights(Map<String, StateDictWeights.LoadedWeight> arrays, Path checkpoint) {
        this.arrays = arrays;
        this.checkpoint = checkpoint;
    }

    @Override
    public Optional<Live> weight(String ldmKey) {
        return Optional.ofNullable(arrays.get(ldmKey)).map(w -> new Live(w.array(), w.transposed()));
    }

    @Override
    public float[] original(String ldmKey) {
        try (StateDict sd = StateDicts.open(checkpoint)) {
            return sd.toFloatArray(ldmKey);
        }
    }
}
