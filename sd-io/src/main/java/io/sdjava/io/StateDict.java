package io.sdjava.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of a weights file (safetensors or PyTorch pickle): tensor name to lazily read tensor.
 * Implementations are thread-safe for reads; close to release the mapped file.
 */
public interface StateDict extends AutoCloseable {
    /** @return the file this state dict was read from */
    Path source();

    /** @return a short format label, e.g. {@code "safetensors"}, {@code "pickle-zip"}, {@code "pickle-legacy"} */
    String format();

    /** @return tensor names in file order */
    List<String> keys();

    /**
     * @param key a tensor name
     * @return whether the tensor exists
     */
    default boolean contains(String key) {
        return keys().contains(key);
    }

    /**
     * @param key a tensor name
     * @return its dtype and shape
     * @throws IllegalArgumentException if the key is absent
     */
    TensorInfo info(String key);

    /**
     * Returns the tensor's contiguous row-major data, little-endian, as stored (no widening).
     *
     * @param key a tensor name
     * @return a read-only buffer positioned at 0 whose remaining bytes equal {@code info(key).byteSize()}
     * @throws IllegalArgumentException if the key is absent
     */
    ByteBuffer data(String key);

    /** @return the file's string metadata (safetensors {@code __metadata__}); empty if none */
    Map<String, String> metadata();

    /**
     * Reads a tensor widened to float32 (integers converted by value).
     *
     * @param key a tensor name
     * @return the values in row-major order
     */
    default float[] toFloatArray(String key) {
        return TensorConversions.toFloats(info(key), data(key));
    }

    /**
     * Materializes a tensor as an NDArray on {@code manager}. BF16 and I16 are widened to FLOAT32/INT32
     * (DJL 0.36 cannot hold BF16 safely); other dtypes keep their type. The array owns its memory (PyTorch's
     * {@code from_blob} over a Java buffer is copied once), so views of it stay valid after it is closed.
     *
     * @param key a tensor name
     * @param manager the manager that will own the array
     * @return a new array
     */
    default NDArray toNDArray(String key, NDManager manager) {
        TensorInfo info = info(key);
        Shape shape = new Shape(info.shape());
        if (info.dtype() == TensorDType.I16) {
            try (NDArray wrapped = manager.create(TensorConversions.toInts(info, data(key)), shape)) {
                return wrapped.duplicate();
            }
        }
        // Staged through one direct buffer that is freed as soon as PyTorch holds its own copy, so loading a
        // multi-GB checkpoint does not leave the same amount of dead direct memory waiting for a GC.
        ByteBuffer staged = DirectBuffers.allocate(Math.multiplyExact(info.numel(),
                info.dtype() == TensorDType.BF16 ? 4L : info.dtype().byteSize()));
        try {
            if (info.dtype() == TensorDType.BF16) {
                TensorConversions.widenBf16(data(key), staged);
            } else {
                read(key, staged);
            }
            staged.flip();
            DataType type = info.dtype() == TensorDType.BF16 ? DataType.FLOAT32 : info.dtype().djlType();
            try (NDArray wrapped = manager.create(staged, shape, type)) {
                return wrapped.duplicate();
            }
        } finally {
            DirectBuffers.free(staged);
        }
    }

    /**
     * Copies the tensor's stored bytes (as {@link #data}) into {@code dst} at its position, advancing it.
     * Implementations may read the file directly instead of mapping it.
     *
     * @param key a tensor name
     * @param dst a buffer with at least {@code info(key).byteSize()} bytes remaining
     * @throws IllegalArgumentException if the key is absent
     */
    default void read(String key, ByteBuffer dst) {
        dst.put(data(key));
    }

    /** Releases the file. */
    @Override
    void close();
}
