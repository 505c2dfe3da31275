package io.sdjava.djl.model;

import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A test view of a state dict with some keys hidden and some extra keys aliasing existing tensors. */
final class FilteredStateDict implements StateDict {
    private final StateDict delegate;
    private final Set<String> hidden;
    private final Map<String, String> aliases;

    FilteredStateDict(StateDict delegate, Set<String> hidden, Map<String, String> aliases) {
        this.delegate = delegate;
        this.hidden = hidden;
        this.aliases = new LinkedHashMap<>(aliases);
    }

    private String resolve(String key) {
        if (hidden.contains(key)) {
            throw new IllegalArgumentException("no tensor " + key);
        }
        return aliases.getOrDefault(key, key);
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
        List<String> out = new ArrayList<>(aliases.keySet());
        delegate.keys().stream().filter(k -> !hidden.contains(k)).forEach(out::add);
        return out;
    }

    @Override
    public boolean contains(String key) {
        return !hidden.contains(key) && (aliases.containsKey(key) || delegate.contains(key));
    }

    @Override
    public TensorInfo info(String key) {
        TensorInfo i = delegate.info(resolve(key));
        return new TensorInfo(key, i.dtype(), i.shape());
    }

    @Override
    public ByteBuffer data(String key) {
        return delegate.data(resolve(key));
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
