package io.sdjava.samples.cli;

import io.sdjava.io.PickleFile;
import io.sdjava.io.PickleValues.TensorRef;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors of a pickle whose root dict holds no tensors but wraps a state dict in one entry, as Real-ESRGAN and
 * BasicSR release their weights ({@code {'params_ema': state_dict}} or {@code {'params': ...}}). Keys are those of
 * the wrapped dict; closing the view closes the file.
 */
final class WrappedPickle implements StateDict {
    /** Wrapper entries tried in order (the WebUI's upscaler loader's list). */
    static final List<String> WRAPPERS = List.of("params_ema", "params-ema", "params", "model", "net");

    private final PickleFile file;
    private final String wrapper;
    private final Map<String, TensorRef> tensors;

    private WrappedPickle(PickleFile file, String wrapper, Map<String, TensorRef> tensors) {
        this.file = file;
        this.wrapper = wrapper;
        this.tensors = tensors;
    }

    /**
     * @param file a parsed pickle with no tensors at its root
     * @return the view of the first wrapper entry holding tensors, or empty when there is none
     */
    static Optional<WrappedPickle> of(PickleFile file) {
        if (!file.keys().isEmpty() || !(file.root() instanceof Map<?, ?> root)) {
            return Optional.empty();
        }
        for (String wrapper : WRAPPERS) {
            if (root.get(wrapper) instanceof Map<?, ?> inner) {
                Map<String, TensorRef> tensors = new LinkedHashMap<>();
                inner.forEach((k, v) -> {
                    if (k instanceof String key && v instanceof TensorRef t) {
                        tensors.put(key, t);
                    }
                });
                if (!tensors.isEmpty()) {
                    return Optional.of(new WrappedPickle(file, wrapper, tensors));
                }
            }
        }
        return Optional.empty();
    }

    /** @return the root entry the tensors sit under, e.g. {@code params_ema} */
    String wrapper() {
        return wrapper;
    }

    private TensorRef tensor(String key) {
        TensorRef t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' under '" + wrapper + "' in " + file.source());
        }
        return t;
    }

    @Override
    public Path source() {
        return file.source();
    }

    @Override
    public String format() {
        return file.format();
    }

    @Override
    public List<String> keys() {
        return List.copyOf(tensors.keySet());
    }

    @Override
    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    @Override
    public TensorInfo info(String key) {
        TensorRef t = tensor(key);
        return new TensorInfo(key, t.storage().dtype(), t.shape());
    }

    @Override
    public ByteBuffer data(String key) {
        return file.data(tensor(key));
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void close() {
        file.close();
    }
}
