package io.sdjava.djl.network;

import io.sdjava.ModelLoadException;
import io.sdjava.djl.checkpoint.LdmKeyLayout;
import io.sdjava.djl.checkpoint.StateDictWeights;
import io.sdjava.djl.infotext.FileHashes;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.StateDict;
import io.sdjava.io.StateDicts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the {@code <lora:...>} networks of a prompt to a loaded model: resolves names in the LoRA folder, loads each
 * file once (resolved against the model's layers), merges them in place and restores the checkpoint weights exactly
 * before a different set is applied. Calls are serialized ({@code synchronized}); a generation must hold the applied
 * set until it finishes, which the pipeline guarantees by calling {@link #apply} under its own lock.
 */
public final class NetworkApplier implements AutoCloseable {
    /**
     * A network as applied, for the infotext.
     *
     * @param alias the name as written in the prompt
     * @param file the network file
     * @param te text-encoder multiplier
     * @param unet UNet multiplier
     */
    public record AppliedNetwork(String alias, Path file, double te, double unet) {
        /** @return A1111's short hash of the file for {@code Lora hashes} */
        public String shortHash() {
            return FileHashes.loraShortHash(file);
        }
    }

    private final NetworkLibrary library;
    private final NetworkKeyMapper mapper;
    private final NetworkMerger merger;
    private final CheckpointWeights weights;
    private final Map<Path, LoraNetwork> loaded = new HashMap<>();

    /**
     * @param model the loaded model (its checkpoint file is re-read to restore weights)
     * @param library the LoRA folder
     */
    public NetworkApplier(StableDiffusionModel model, NetworkLibrary library) {
        if (model.checkpoint() == null || model.checkpointWeights().isEmpty()) {
            throw new IllegalArgumentException("this model was not loaded from a checkpoint file; networks need one");
        }
        this.library = library;
        this.mapper = new NetworkKeyMapper(model.checkpointWeights().keySet());
        this.weights = new CheckpointWeights(model.checkpoint(), model.checkpointWeights());
        this.merger = new NetworkMerger(weights);
    }

    /**
     * Makes the model's weights the checkpoint plus exactly these networks, in order.
     *
     * @param activations the prompt's {@code <lora:...>} activations (may be empty)
     * @return the networks applied, in order
     * @throws io.sdjava.InvalidRequestException if a name is not in the LoRA folder (naming close matches)
     * @throws ModelLoadException if a file cannot be used (nothing is merged then)
     */
    public synchronized List<AppliedNetwork> apply(List<NetworkActivation> activations) {
        List<NetworkMerger.Applied> wanted = new ArrayList<>();
        List<AppliedNetwork> applied = new ArrayList<>();
        for (NetworkActivation a : activations) {
            Path file = library.find(a.name());
            LoraNetwork net = loaded.computeIfAbsent(file,
                    f -> LoraNetwork.load(NetworkLibrary.stem(f), StateDicts.open(f), mapper));
            wanted.add(new NetworkMerger.Applied(net, a.te(), a.unet()));
            applied.add(new AppliedNetwork(a.name(), file, a.te(), a.unet()));
        }
        merger.apply(wanted);
        return applied;
    }

    /** Restores the checkpoint weights and closes every network file. */
    @Override
    public synchronized void close() {
        try {
            merger.restore();
        } finally {
            loaded.values().forEach(LoraNetwork::close);
            loaded.clear();
            weights.close();
        }
    }

    /** The model's weights by checkpoint key; originals are re-read from the checkpoint file when restoring. */
    private static final class CheckpointWeights implements MergeableWeights, AutoCloseable {
        private final Path checkpoint;
        private final Map<String, StateDictWeights.LoadedWeight> live;
        private StateDict reader;

        CheckpointWeights(Path checkpoint, Map<String, StateDictWeights.LoadedWeight> live) {
            this.checkpoint = checkpoint;
            this.live = new LinkedHashMap<>(live);
        }

        @Override
        public Optional<Live> weight(String ldmKey) {
            StateDictWeights.LoadedWeight w = live.get(ldmKey);
            // merge into the contiguous checkpoint-layout array the model's (possibly transposed) views share
            return w == null ? Optional.empty() : Optional.of(new Live(w.base(), false));
        }

        @Override
        public float[] original(String ldmKey) {
            if (reader == null) {
                reader = LdmKeyLayout.canonical(StateDicts.open(checkpoint));
            }
            return reader.toFloatArray(ldmKey);
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }

    }
}
