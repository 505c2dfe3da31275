package io.sdjava.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A view of a state dict under other tensor names: legacy key layouts read as the current one, a subset of the keys,
 * or aliases of existing tensors. Reads go to the underlying state dict (no copies); closing the view closes it.
 * Thread-safe for reads when the underlying state dict is.
 */
public final class RenamedStateDict implements StateDict {
    private final StateDict delegate;
    /** visible name to stored name, in the view's key order. */
    private final Map<String, String> stored;

    private RenamedStateDict(StateDict delegate, Map<String, String> stored) {
        this.delegate = delegate;
        this.stored = stored;
    }

    /**
     * @param delegate the state dict to view
     * @param visibleToStored the view's names (in the order {@link #keys()} lists them) mapped to names in
     *     {@code delegate}; keys of {@code delegate} not mapped are hidden
     * @return the view
     * @throws IllegalArgumentException if a stored name is not in {@code delegate}
     */
    public static RenamedStateDict of(StateDict delegate, Map<String, String> visibleToStored) {
        visibleToStored.forEach((visible, name) -> {
            if (!delegate.contains(name)) {
                throw new IllegalArgumentException("'" + visible + "' names '" + name + "', which is not in "
                        + delegate.source());
            }
        });
        return new RenamedStateDict(delegate, new LinkedHashMap<>(visibleToStored));
    }

    /**
     * @param delegate the state dict to view
     * @param rename the view's name for each stored name (the first stored name wins when two map to one)
     * @return the view with every tensor renamed, in file order
     */
    public static RenamedStateDict of(StateDict delegate, UnaryOperator<String> rename) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : delegate.keys()) {
            names.putIfAbsent(rename.apply(key), key);
        }
        return new RenamedStateDict(delegate, names);
    }

    private String stored(String key) {
        String s = stored.get(key);
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
        return List.copyOf(stored.keySet());
    }

    @Override
    public boolean contains(String key) {
        return stored.containsKey(key);
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
    public void read(String key, ByteBuffer dst) {
        delegate.read(stored(key), dst);
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
