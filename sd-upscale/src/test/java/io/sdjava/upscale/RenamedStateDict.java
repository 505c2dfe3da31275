package io.sdjava.upscale;

import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A test view of a state dict under other key names (old ESRGAN keys, wrappers) without writing files. */
final class RenamedStateDict implements StateDict {
    private final StateDict delegate;
    private final Map<String, String> newToOriginal = new LinkedHashMap<>();

    RenamedStateDict(StateDict delegate, UnaryOperator<String> rename) {
        this.delegate = delegate;
        for (String k : delegate.keys()) {
            newToOriginal.put(rename.apply(k), k);
        }
    }

    private String original(String key) {
        String k = newToOriginal.get(key);
        if (k == null) {
            throw new IllegalArgumentException("no tensor " + key);
        }
        return k;
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
        return List.copyOf(newToOriginal.keySet());
    }

    @Override
    public TensorInfo info(String key) {
        TensorInfo t = delegate.info(original(key));
        return new TensorInfo(key, t.dtype(), t.shape());
    }

    @Override
    public ByteBuffer data(String key) {
        return delegate.data(original(key));
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
