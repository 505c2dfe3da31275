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
     * A Python tuple. Like Python, it is hashable only if its items are (lists, dicts and sets are not); the hash is
     * computed once per tuple, so tuples that share sub-tuples hash in time linear in their distinct parts.
     */
    public static final class Tuple {
        private final List<Object> items;
        private int hash;
        private boolean hashed;

        /** @param items the elements (nulls allowed); copied */
        public Tuple(List<Object> items) {
            this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }

        /** @return the elements */
        public List<Object> items() {
            return items;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            return o instanceof Tuple t && hashCode() == t.hashCode() && items.equals(t.items);
        }

        @Override
        public int hashCode() {
            if (!hashed) {
                int h = 1;
                for (Object item : items) {
                    if (item instanceof List || item instanceof java.util.Map || item instanceof java.util.Set) {
                        throw new IllegalArgumentException("unhashable type in a tuple used as a key");
                    }
                    h = 31 * h + Objects.hashCode(item);
                }
                hash = h;
                hashed = true;
            }
            return hash;
        }

        @Override
        public String toString() {
            return "Tuple" + items;
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
