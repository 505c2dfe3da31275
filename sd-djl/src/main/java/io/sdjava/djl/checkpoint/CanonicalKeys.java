package io.sdjava.djl.checkpoint;

import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A view of a checkpoint with legacy key names renamed to the current LDM layout, as A1111's
 * {@code checkpoint_dict_replacements_sd1} does (CLIP keys saved by older transformers versions, without the
 * {@code text_model.} level). Closing the view closes the underlying state dict.
 */
final class CanonicalKeys implements StateDict {
    private static final Map<String, String> SD1_REPLACEMENTS = Map.of(
            "cond_stage_model.transformer.embeddings.", LdmKeyLayout.TEXT + "embeddings.",
            "cond_stage_model.transformer.encoder.", LdmKeyLayout.TEXT + "encoder.",
            "cond_stage_model.transformer.final_layer_norm.", LdmKeyLayout.TEXT + "final_layer_norm.");

    private final StateDict delegate;
    /** canonical name to stored name, in file order. */
    private final Map<String, String> names;

    private CanonicalKeys(StateDict delegate, Map<String, String> names) {
        this.delegate = delegate;
        this.names = names;
    }

    static StateDict of(StateDict stateDict) {
        Map<String, String> names = new LinkedHashMap<>();
        boolean renamed = false;
        for (String key : stateDict.keys()) {
            String canonical = canonical(key);
            renamed |= !canonical.equals(key);
            names.putIfAbsent(canonical, key);
        }
        return renamed ? new CanonicalKeys(stateDict, names) : stateDict;
    }

    static String canonical(String key) {
        for (Map.Entry<String, String> e : SD1_REPLACEMENTS.entrySet()) {
            if (key.startsWith(e.getKey())) {
                return e.getValue() + key.substring(e.getKey().length());
            }
        }
        return key;
    }

    private String stored(String key) {
        String s = names.get(key);
        if (s == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' in " + delegate.source());
        }
        return s;
    }

    @Override
    public Path source() {
        return delegate.source();
    }

    @Override
    public String format() {
        return delegate.format();
    }

    @Override
    public List<String> keys() {
        return new ArrayList<>(names.keySet());
    }

    @Override
    public boolean contains(String key) {
        return names.containsKey(key);
    }

    @Override
    public TensorInfo info(String key) {
        TensorInfo i = delegate.info(stored(key));
        return new TensorInfo(key, i.dtype(), i.shape());
    }

    @Override
    public ByteBuffer data(String key) {
        return delegate.data(stored(key));
    }

    @Override
    public Map<String, String> metadata() {
        return delegate.metadata();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
