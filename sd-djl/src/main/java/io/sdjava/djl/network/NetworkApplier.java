package io.sdjava.djl.network;

import io.sdjava.io.StateDicts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code <lora:...>} networks of a prompt to a model, as A1111's built-in Lora extension does: names
 * resolved in a LoRA folder, each file loaded once and kept, the wanted set merged into the live weights in tag order
 * (nothing done when it is the set already applied, the checkpoint values restored first otherwise). Not
 * thread-safe: the pipeline serializes generations that need another set.
 */
public final class NetworkApplier implements AutoCloseable {
    private final NetworkLibrary library;
    private final NetworkKeyMapper mapper;
    private final NetworkMerger merger;
    private final Map<Path, LoraNetwork> loaded = new HashMap<>();

    /**
     * @param loraDir the LoRA folder
     * @param modelKeys every weight key of the model (LDM layout), to resolve layer names
     * @param weights the model's live weights
     */
    public NetworkApplier(Path loraDir, Collection<String> modelKeys, MergeableWeights weights) {
        this.library = NetworkLibrary.scan(loraDir);
        this.mapper = new NetworkKeyMapper(modelKeys);
        this.merger = new NetworkMerger(weights);
    }

    /**
     * Makes the weights equal to the checkpoint plus exactly these networks.
     *
     * @param wanted the prompt's activations in tag order (empty restores the checkpoint)
     * @return whether the weights changed
     * @throws io.sdjava.InvalidRequestException if a network is not in the folder
     * @throws io.sdjava.ModelLoadException if a network file is unusable
     */
    public boolean apply(List<NetworkActivation> wanted) {
        List<NetworkMerger.Applied> applied = new ArrayList<>(wanted.size());
        for (NetworkActivation a : wanted) {
            Path file = library.find(a.name());
            LoraNetwork network = loaded.computeIfAbsent(file, f -> LoraNetwork.load(stem(f),
                    StateDicts.open(f), mapper));
            applied.add(new NetworkMerger.Applied(network, a.te(), a.unet()));
        }
        return merger.apply(applied);
    }

    /**
     * @param name a network name as written in a tag
     * @return its file in the LoRA folder
     * @throws io.sdjava.InvalidRequestException if there is none
     */
    public Path file(String name) {
        return library.find(name);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Restores the checkpoint weights and closes the network files. */
    @Override
    public void close() {
        merger.restore();
        loaded.values().forEach(LoraNetwork::close);
        loaded.clear();
    }
}
