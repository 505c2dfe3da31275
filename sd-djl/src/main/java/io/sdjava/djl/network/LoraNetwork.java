package io.sdjava.djl.network;

import io.sdjava.ModelLoadException;
import io.sdjava.io.StateDict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LoRA-family network file resolved against a model: its modules by target weight key, and the keys that matched
 * no layer (skipped, as A1111 does). A module whose keys fit no supported type makes the whole file fail, as in
 * A1111. Holds the open file; close it when the network is no longer needed.
 */
final class LoraNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoraNetwork.class);
    private static final String MODULE_TYPES = "ModuleTypeLora, ModuleTypeHada, ModuleTypeIa3, ModuleTypeLokr, "
            + "ModuleTypeFull, ModuleTypeNorm, ModuleTypeGLora, ModuleTypeOFT";

    private final String name;
    private final StateDict file;
    private final Map<String, NetworkModule> modulesByWeightKey;
    private final Map<String, String> unmatchedKeys;

    private LoraNetwork(String name, StateDict file, Map<String, NetworkModule> modules, Map<String, String> unmatched) {
        this.name = name;
        this.file = file;
        this.modulesByWeightKey = Collections.unmodifiableMap(modules);
        this.unmatchedKeys = Collections.unmodifiableMap(unmatched);
    }

    /**
     * Resolves every key of a network file. On failure the file is closed.
     *
     * @param name the network's name (file stem) for messages
     * @param file the opened network file; owned by the result
     * @param mapper the model's layer names
     * @return the network
     * @throws ModelLoadException if a module fits no supported module type
     */
    static LoraNetwork load(String name, StateDict file, NetworkKeyMapper mapper) {
        try {
            Map<String, NetworkKeyMapper.Target> targets = new LinkedHashMap<>();
            Map<String, Map<String, String>> partsByLayer = new LinkedHashMap<>();
            Map<String, String> unmatched = new LinkedHashMap<>();
            for (String key : file.keys()) {
                int dot = key.indexOf('.');
                String module = dot < 0 ? key : key.substring(0, dot);
                String part = dot < 0 ? "" : key.substring(dot + 1);
                Optional<NetworkKeyMapper.Target> target = mapper.resolve(module);
                if (target.isEmpty()) {
                    unmatched.put(key, NetworkKeyMapper.convertDiffusersName(module));
                    continue;
                }
                String layer = target.get().layerName();
                targets.putIfAbsent(layer, target.get());
                partsByLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(part, key);
            }
            Map<String, NetworkModule> modules = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, String>> e : partsByLayer.entrySet()) {
                NetworkModule module = create(targets.get(e.getKey()), file, e.getValue());
                modules.put(module.target().weightKey(), module);
            }
            if (!unmatched.isEmpty()) {
                LOG.warn("network {}: {} keys matched no layer of the model and are skipped: {}", name, unmatched.size(),
                        unmatched.keySet());
            }
            return new LoraNetwork(name, file, modules, unmatched);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static NetworkModule create(NetworkKeyMapper.Target target, StateDict file, Map<String, String> parts) {
        if (LoraModule.accepts(parts)) {
            return new LoraModule(target, file, parts);
        }
        if (LohaModule.accepts(parts)) {
            return new LohaModule(target, file, parts);
        }
        if (LokrModule.accepts(parts)) {
            return new LokrModule(target, file, parts);
        }
        if (FullModule.accepts(parts)) {
            return new FullModule(target, file, parts);
        }
        throw new ModelLoadException("network " + file.source().getFileName() + ": could not find a module type (out of "
                + MODULE_TYPES + ") that would accept those keys: " + String.join(", ", parts.keySet())
                + " (layer " + target.layerName() + "; supported here: LoRA/LoCon, LoHa, LoKr, Full/diff)");
    }

    /** @return the network's name */
    String name() {
        return name;
    }

    /** @return modules by target weight key, in file order */
    Map<String, NetworkModule> modules() {
        return modulesByWeightKey;
    }

    /** @return network keys that matched no layer, with the layer name they converted to */
    Map<String, String> unmatchedKeys() {
        return unmatchedKeys;
    }

    /** @return the network file */
    StateDict file() {
        return file;
    }

    List<String> targetWeightKeys() {
        return new ArrayList<>(modulesByWeightKey.keySet());
    }

    @Override
    public void close() {
        file.close();
    }
}
