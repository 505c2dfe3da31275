package io.sdjava.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Name, element type and shape of a stored tensor.
 *
 * @param name the key in the state dict
 * @param dtype the stored element type
 * @param shape the dimensions (empty for a scalar)
 */
public record TensorInfo(String name, TensorDType dtype, long[] shape) {
    /** Validates and copies the shape. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** @return the number of bytes of the contiguous data */
    public long byteSize() {
        return Math.multiplyExact(numel(), dtype.byteSize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
