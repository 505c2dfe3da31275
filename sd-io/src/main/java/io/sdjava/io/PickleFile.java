package io.sdjava.io;

import io.sdjava.ModelLoadException;
import io.sdjava.io.PickleValues.TensorRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed PyTorch pickle file: its object tree ({@link #root()}) and a {@link StateDict} view of its tensors — the
 * {@code state_dict} entry of a Lightning/LDM checkpoint if present, else the root dict. Strided views are materialized
 * to contiguous data on access. Thread-safe for reads; close to release the file.
 */
public final class PickleFile implements StateDict {
    private final Path source;
    private final String format;
    private final Object root;
    private final PickleReader.StorageSource storages;
    private final Map<String, TensorRef> tensors;

    PickleFile(Path source, String format, Object root, PickleReader.StorageSource storages) {
        this.source = source;
        this.format = format;
        this.root = root;
        this.storages = storages;
        for (TensorRef t : PickleReader.tensors(root)) {
            checkBounds(t);
        }
        this.tensors = Collections.unmodifiableMap(collectStateDict(root));
    }

    private void checkBounds(TensorRef t) {
        long available = storages.byteSize(t.storage().key());
        if (available < 0) {
            throw Unpickler.corrupt("storage '" + Unpickler.shorten(t.storage().key()) + "' has no data record");
        }
        long elements = available / t.storage().dtype().byteSize();
        long numel = t.numel();
        if (numel == 0) {
            return;
        }
        long last = t.storageOffset();
        long[] shape = t.shape();
        long[] stride = t.stride();
        for (int i = 0; i < shape.length; i++) {
            last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
        }
        if (last >= elements) {
            throw Unpickler.corrupt("tensor view " + java.util.Arrays.toString(shape) + " at offset "
                    + t.storageOffset() + " exceeds its storage of " + elements + " elements");
        }
        if (numel > elements) {
            // Only a broadcast (stride 0) or self-overlapping view can be larger than its storage: materializing it
            // would allocate by the shape the pickle claims, not by bytes the file holds.
            throw Unpickler.forbidden("tensor view of " + numel + " elements is larger than its storage of "
                    + elements + " elements (broadcast views are not supported)");
        }
    }

    private static Map<String, TensorRef> collectStateDict(Object root) {
        Object dict = root;
        if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> sd) {
            dict = sd;
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        if (dict instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String key && v instanceof TensorRef t) {
                    out.put(key, t);
                }
            });
        }
        return out;
    }

    /** @return the unpickled object tree (maps, lists, {@link PickleValues} records, tensors as {@link TensorRef}) */
    public Object root() {
        return root;
    }

    /**
     * @param tensor a tensor of this file's tree
     * @return its contiguous row-major data, little-endian
     * @throws ModelLoadException if it is larger than 2 GiB or its record cannot be read in full
     */
    public ByteBuffer data(TensorRef tensor) {
        int elem = tensor.storage().dtype().byteSize();
        long numel = tensor.numel();
        if (numel > (Integer.MAX_VALUE - 16) / elem) {
            throw new ModelLoadException("tensor of " + numel + " elements in " + source + " is larger than 2 GiB");
        }
        try {
            if (numel == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (tensor.isContiguous()) {
                byte[] b = storages.read(tensor.storage().key(), tensor.storageOffset() * elem, (int) (numel * elem));
                return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
            }
            return gather(tensor, elem, (int) numel);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tensor data of " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param tensor a tensor of this file's tree
     * @return its values widened to float32, row-major
     */
    public float[] toFloatArray(TensorRef tensor) {
        return TensorConversions.toFloats(new TensorInfo("tensor", tensor.storage().dtype(), tensor.shape()), data(tensor));
    }

    private ByteBuffer gather(TensorRef t, int elem, int numel) throws IOException {
        long[] shape = t.shape();
        long[] stride = t.stride();
        long span = 0;
        for (int i = 0; i < shape.length; i++) {
            span += (shape[i] - 1) * stride[i];
        }
        byte[] src = storages.read(t.storage().key(), t.storageOffset() * elem, (int) ((span + 1) * elem));
        byte[] out = new byte[numel * elem];
        long[] index = new long[shape.length];
        for (int n = 0; n < numel; n++) {
            long at = 0;
            for (int i = 0; i < shape.length; i++) {
                at += index[i] * stride[i];
            }
            System.arraycopy(src, (int) (at * elem), out, n * elem, elem);
            for (int i = shape.length - 1; i >= 0; i--) {
                if (++index[i] < shape[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public String format() {
        return format;
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
        return data(tensor(key));
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    private TensorRef tensor(String key) {
        TensorRef t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' in " + source);
        }
        return t;
    }

    @Override
    public void close() {
        try {
            storages.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
