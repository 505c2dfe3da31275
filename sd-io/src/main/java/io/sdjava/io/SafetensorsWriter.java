package io.sdjava.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@code .safetensors} files in the layout of the reference implementation: an 8-byte little-endian
 * header length, a JSON header ({@code __metadata__} first) padded with spaces to a multiple of 8 bytes, then
 * the tensors' data, ordered as the reference orders them (by dtype, widest first, then by name) so every tensor
 * is aligned; a file without metadata is byte-identical to the reference's.
 *
 * <p>Collect tensors with {@link #tensor} and metadata with {@link #metadata}, then call {@link #write(Path)}
 * or {@link #toBytes()}. Data is copied when added, so callers may reuse their arrays. Not thread-safe.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *         .metadata("format", "pt")
 *         .tensor("w", TensorDType.F16, new long[] {2, 2}, new float[] {1, 2, 3, 4})
 *         .write(path);
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private record Pending(TensorInfo info, byte[] data) {}

    private final Map<String, Pending> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Creates an empty writer. */
    public SafetensorsWriter() {}

    /**
     * Adds a string metadata entry (written under {@code __metadata__}).
     *
     * @param key the key
     * @param value the value
     * @return this writer
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a tensor from its stored bytes (contiguous, row-major, little-endian).
     *
     * @param name the tensor name; must be new and not {@code __metadata__}
     * @param dtype the stored element type
     * @param shape the dimensions (empty for a scalar), each non-negative
     * @param data exactly {@code numel * dtype.byteSize()} bytes
     * @return this writer
     * @throws IllegalArgumentException if the name is taken or the sizes disagree
     */
    public SafetensorsWriter tensor(String name, TensorDType dtype, long[] shape, byte[] data) {
        TensorInfo info = checkedInfo(name, dtype, shape);
        if (data.length != info.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + dtype + " " + Arrays.toString(shape)
                    + " = " + info.byteSize() + " bytes, but " + data.length + " bytes were given");
        }
        tensors.put(name, new Pending(info, data.clone()));
        return this;
    }

    /**
     * Adds a floating-point tensor from float values, converted to {@code dtype} (F16 and BF16 round to
     * nearest even, as torch does).
     *
     * @param name the tensor name; must be new and not {@code __metadata__}
     * @param dtype F32, F16, BF16 or F64
     * @param shape the dimensions (empty for a scalar), each non-negative
     * @param values row-major values, exactly {@code numel} of them
     * @return this writer
     * @throws IllegalArgumentException if the dtype is not floating point, the name is taken or sizes disagree
     */
    public SafetensorsWriter tensor(String name, TensorDType dtype, long[] shape, float[] values) {
        TensorInfo info = checkedInfo(name, dtype, shape);
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("tensor '" + name + "': float values need a floating-point dtype "
                    + "(F32, F16, BF16, F64), not " + dtype + "; pass bytes instead");
        }
        if (values.length != info.numel()) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " = "
                    + info.numel() + " elements, but " + values.length + " values were given");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(info.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> b.putFloat(v);
                case F64 -> b.putDouble(v);
                case F16 -> b.putShort(TensorConversions.floatToHalf(v));
                case BF16 -> b.putShort(TensorConversions.floatToBf16(v));
                default -> throw new IllegalStateException("unreachable: " + dtype);
            }
        }
        tensors.put(name, new Pending(info, b.array()));
        return this;
    }

    /**
     * Adds a float32 tensor.
     *
     * @param name the tensor name
     * @param shape the dimensions
     * @param values row-major values
     * @return this writer
     */
    public SafetensorsWriter tensor(String name, long[] shape, float[] values) {
        return tensor(name, TensorDType.F32, shape, values);
    }

    private TensorInfo checkedInfo(String name, TensorDType dtype, long[] shape) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        if (name.equals("__metadata__")) {
            throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' was already added");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension in "
                        + Arrays.toString(shape));
            }
        }
        TensorInfo info = new TensorInfo(name, dtype, shape);
        if (info.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor '" + name + "' is larger than 2 GiB");
        }
        return info;
    }

    /**
     * Writes the file, replacing any existing one.
     *
     * @param file the destination
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write safetensors file " + file, e);
        }
    }

    /** @return the whole file's bytes */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeTo(OutputStream out) throws IOException {
        List<Pending> ordered = new ArrayList<>(tensors.values());
        ordered.sort(Comparator.comparingInt((Pending t) -> -referenceRank(t.info().dtype()))
                .thenComparing(t -> t.info().name()));
        byte[] header = header(ordered);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
        out.write(len.array());
        out.write(header);
        for (Pending t : ordered) {
            out.write(t.data());
        }
    }

    /** The position of a dtype in the reference's {@code Dtype} enum, which is ordered by alignment. */
    private static int referenceRank(TensorDType dtype) {
        return switch (dtype) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 5;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case F64 -> 12;
            case I64 -> 13;
        };
    }

    private byte[] header(List<Pending> ordered) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Pending t : ordered) {
                g.writeObjectFieldStart(t.info().name());
                g.writeStringField("dtype", t.info().dtype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.info().shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                offset += t.data().length;
                g.writeNumber(offset);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        int padded = (json.size() + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json.toByteArray(), padded);
        Arrays.fill(header, json.size(), padded, (byte) ' ');
        return header;
    }
}
