package io.sdjava.io;

import io.sdjava.io.PickleValues.TensorRef;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of an upscaler pickle as the WebUI's loader (spandrel) sees them: the first of the wrapper entries
 * {@code state_dict}, {@code params_ema}, {@code params-ema}, {@code params}, {@code model}, {@code net} that holds
 * a dict replaces the root (Real-ESRGAN releases are {@code {'params_ema': state_dict}}), and a {@code module.}
 * prefix shared by every key is dropped. Closing the view closes the file.
 */
public final class UnwrappedPickle implements StateDict {
    private static final List<String> WRAPPERS = List.of("state_dict", "params_ema", "params-ema", "params", "model",
            "net");
    private static final String DATA_PARALLEL_PREFIX = "module.";

    private final PickleFile file;
    private final String wrapper;
    private final Map<String, TensorRef> tensors;

    private UnwrappedPickle(PickleFile file, String wrapper, Map<String, TensorRef> tensors) {
        this.file = file;
        this.wrapper = wrapper;
        this.tensors = tensors;
    }

    /**
     * @param file a parsed pickle
     * @return the unwrapped view; closing it closes {@code file}
     */
    public static UnwrappedPickle of(PickleFile file) {
        Object dict = file.root();
        String used = null;
        if (dict instanceof Map<?, ?> root) {
            for (String wrapper : WRAPPERS) {
                if (root.get(wrapper) instanceof Map<?, ?> inner) {
                    dict = inner;
                    used = wrapper;
                    break;
                }
            }
        }
        String wrapper = used;
        Map<String, TensorRef> out = new LinkedHashMap<>();
        if (dict instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String key && v instanceof TensorRef t) {
                    out.put(key, t);
                }
            });
        }
        if (!out.isEmpty() && out.keySet().stream().allMatch(k -> k.startsWith(DATA_PARALLEL_PREFIX))) {
            Map<String, TensorRef> stripped = new LinkedHashMap<>();
            out.forEach((k, v) -> stripped.put(k.substring(DATA_PARALLEL_PREFIX.length()), v));
            return new UnwrappedPickle(file, wrapper, stripped);
        }
        return new UnwrappedPickle(file, wrapper, out);
    }

    /** @return the root entry the tensors sit under (e.g. {@code params_ema}), or null if they sit at the root */
    public String wrapper() {
        return wrapper;
    }

    private TensorRef tensor(String key) {
        TensorRef t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' in " + file.source());
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
