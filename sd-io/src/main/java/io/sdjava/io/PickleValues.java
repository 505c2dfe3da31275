package io.sdjava.io;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The values an allow-listed PyTorch pickle can hold besides Java's own ({@code null}, {@link Boolean},
 * {@link Long}/{@link java.math.BigInteger}, {@link Double}, {@link String}, {@code byte[]}, {@link java.util.List},
 * {@link java.util.Map} in insertion order, {@link java.util.Set}). Nothing here is ever instantiated from the file's
 * class names: each is plain data.
 */
public final class PickleValues {
    private PickleValues() {}

    /** A {@code collections.OrderedDict} (a plain Python dict is a {@link java.util.LinkedHashMap}). */
    public static final class OrderedDict extends java.util.LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A Python tuple. Like Python, it is hashable only if its items are (lists, dicts and sets are not). The hash and
     * the nesting depth are computed once, when the tuple is made, from its items' cached values, and equality walks
     * shared sub-tuples once per pair: hostile keys (deep, or sharing sub-tuples exponentially) cost linear time and
     * no recursion.
     */
    public static final class Tuple {
        private final List<Object> items;
        private final int hash;
        private final boolean hashable;
        private final int depth;

        /** @param items the elements (nulls allowed); copied */
        public Tuple(List<Object> items) {
            this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
            int h = 1;
            boolean ok = true;
            int d = 0;
            for (Object item : this.items) {
                if (item instanceof Tuple t) {
                    ok &= t.hashable;
                    d = Math.max(d, t.depth);
                    h = 31 * h + t.hash;
                } else if (item instanceof List || item instanceof java.util.Map || item instanceof java.util.Set) {
                    ok = false;
                } else if (ok) {
                    h = 31 * h + Objects.hashCode(item);
                }
            }
            this.hash = h;
            this.hashable = ok;
            this.depth = d + 1;
        }

        /** @return the elements */
        public List<Object> items() {
            return items;
        }

        /** @return whether every item is hashable (no list, dict or set inside) */
        boolean hashable() {
            return hashable;
        }

        /** @return 1 for a tuple without tuple items, else 1 + the deepest item's depth */
        int depth() {
            return depth;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Tuple t) || !hashable || !t.hashable || hash != t.hash) {
                return o instanceof Tuple t2 && (!hashable || !t2.hashable) && items.equals(t2.items);
            }
            return sameItems(this, t);
        }

        private static boolean sameItems(Tuple a, Tuple b) {
            java.util.ArrayDeque<Tuple[]> todo = new java.util.ArrayDeque<>();
            java.util.Map<Tuple, java.util.Set<Tuple>> seen = new java.util.IdentityHashMap<>();
            todo.push(new Tuple[] {a, b});
            while (!todo.isEmpty()) {
                Tuple[] pair = todo.pop();
                List<Object> x = pair[0].items;
                List<Object> y = pair[1].items;
                if (x.size() != y.size()) {
                    return false;
                }
                for (int i = 0; i < x.size(); i++) {
                    Object xi = x.get(i);
                    Object yi = y.get(i);
                    if (xi == yi) {
                        continue;
                    }
                    if (xi instanceof Tuple tx && yi instanceof Tuple ty) {
                        if (tx.hash != ty.hash) {
                            return false;
                        }
                        if (seen.computeIfAbsent(tx, k -> java.util.Collections.newSetFromMap(
                                new java.util.IdentityHashMap<>())).add(ty)) {
                            todo.push(new Tuple[] {tx, ty});
                        }
                    } else if (!Objects.equals(xi, yi)) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            if (!hashable) {
                throw new IllegalArgumentException("unhashable type in a tuple used as a key");
            }
            return hash;
        }

        /** @return the items, with nested tuples shown only to a small depth (hostile trees stay printable) */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Tuple[");
            for (int i = 0; i < items.size() && sb.length() < 200; i++) {
                Object item = items.get(i);
                sb.append(i == 0 ? "" : ", ").append(item instanceof Tuple t ? "Tuple(" + t.items.size() + " items)"
                        : item instanceof java.util.Collection<?> || item instanceof java.util.Map<?, ?>
                        ? item.getClass().getSimpleName() : Unpickler.shorten(String.valueOf(item)));
            }
            return sb.append(sb.length() >= 200 ? ", ...]" : "]").toString();
        }
    }

    /**
     * A reference to an allow-listed global (a class or function), never resolved or called.
     *
     * @param module the module, e.g. {@code pytorch_lightning.callbacks.model_checkpoint}
     * @param name the name, e.g. {@code ModelCheckpoint}
     */
    public record ClassRef(String module, String name) {
        /** @return {@code module.name} */
        public String qualifiedName() {
            return module + "." + name;
        }
    }

    /**
     * A numpy scalar.
     *
     * @param dtype numpy dtype name, e.g. {@code float64}
     * @param value the value as a {@link Double}, {@link Long} or {@link Boolean}
     */
    public record NumpyScalar(String dtype, Object value) {}

    /**
     * A numpy array (C order).
     *
     * @param dtype numpy dtype name
     * @param shape the shape
     * @param data the raw little-endian element bytes
     */
    public record NumpyArray(String dtype, long[] shape, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof NumpyArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape)
                    && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "NumpyArray[" + dtype + Arrays.toString(shape) + "]";
        }
    }

    /**
     * A storage named by a persistent id: its element type, its record key and the element count the file claims.
     *
     * @param dtype the element type of the storage class
     * @param key the record name ({@code data/<key>} in a zip; the legacy storage key)
     * @param location the device string, e.g. {@code cpu}
     * @param claimedNumel the element count the pickle claims (never trusted for sizes)
     */
    public record StorageRef(TensorDType dtype, String key, String location, long claimedNumel) {}

    /**
     * A tensor rebuilt by {@code torch._utils._rebuild_tensor_v2}: a strided view of a storage.
     *
     * @param storage the storage
     * @param storageOffset offset in elements
     * @param shape the sizes
     * @param stride the strides in elements
     * @param parameter whether it was wrapped by {@code _rebuild_parameter}
     */
    public record TensorRef(StorageRef storage, long storageOffset, long[] shape, long[] stride, boolean parameter) {
        /** @return the number of elements of the view */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** @return whether the view is row-major contiguous */
        public boolean isContiguous() {
            long expected = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
            return true;
        }

        TensorRef asParameter() {
            return new TensorRef(storage, storageOffset, shape, stride, true);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorRef t && storage.equals(t.storage) && storageOffset == t.storageOffset
                    && Arrays.equals(shape, t.shape) && Arrays.equals(stride, t.stride) && parameter == t.parameter;
        }

        @Override
        public int hashCode() {
            return Objects.hash(storage, storageOffset, Arrays.hashCode(shape), Arrays.hashCode(stride), parameter);
        }

        @Override
        public String toString() {
            return "Tensor[" + storage.dtype() + Arrays.toString(shape) + "]";
        }
    }
}
