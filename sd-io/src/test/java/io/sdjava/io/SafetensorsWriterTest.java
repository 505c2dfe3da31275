package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TensorDType.class)
    void roundTripsBytesOfEveryDtype(TensorDType dtype) {
        long[] shape = {3, 5};
        byte[] data = new byte[15 * dtype.byteSize()];
        new Random(dtype.ordinal()).nextBytes(data);
        if (dtype == TensorDType.BOOL) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (data[i] & 1);
            }
        }
        Path file = dir.resolve(dtype + ".safetensors");
        new SafetensorsWriter()
                .metadata("format", "pt")
                .tensor("t", dtype, shape, data)
                .tensor("scalar", dtype, new long[0], java.util.Arrays.copyOf(data, dtype.byteSize()))
                .tensor("empty", dtype, new long[] {0, 4}, new byte[0])
                .write(file);
        try (SafetensorsReader sd = SafetensorsReader.open(file)) {
            assertEquals(Map.of("format", "pt"), sd.metadata());
            assertEquals(new TensorInfo("t", dtype, shape), sd.info("t"));
            assertArrayEquals(data, bytes(sd.data("t")));
            assertEquals(new TensorInfo("scalar", dtype, new long[0]), sd.info("scalar"));
            assertEquals(0, sd.data("empty").remaining());
            float[] widened = sd.toFloatArray("t");
            assertEquals(15, widened.length);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TensorDType.class, names = {"F32", "F16", "BF16", "F64"})
    void roundTripsFloatsOfFloatingDtypes(TensorDType dtype) {
        // values exactly representable in every floating dtype, including bf16 and f16
        float[] values = {0f, -0f, 1f, -2.5f, 0.15625f, 1024f, -3.75f, 96f};
        Path file = dir.resolve("f-" + dtype + ".safetensors");
        new SafetensorsWriter().tensor("w", dtype, new long[] {2, 4}, values).write(file);
        try (SafetensorsReader sd = SafetensorsReader.open(file);
                NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(values, sd.toFloatArray("w"));
            NDArray array = sd.toNDArray("w", manager);
            assertArrayEquals(new long[] {2, 4}, array.getShape().getShape());
            assertArrayEquals(values, array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void halfAndBf16RoundToNearestEven() {
        assertEquals((short) 0x3c00, TensorConversions.floatToHalf(1f));
        assertEquals((short) 0x7bff, TensorConversions.floatToHalf(65504f));
        assertEquals((short) 0x7c00, TensorConversions.floatToHalf(65520f)); // rounds up to infinity
        assertEquals((short) 0x0001, TensorConversions.floatToHalf(5.9604645e-8f));
        assertEquals((short) 0x0000, TensorConversions.floatToHalf(2.9802322e-8f)); // tie to even (0)
        assertEquals((short) 0x3c00, TensorConversions.floatToHalf(1f + 0x1p-11f)); // tie to even
        assertEquals((short) 0x3c02, TensorConversions.floatToHalf(1f + 3 * 0x1p-11f)); // tie to even (up)
        for (int h = 0; h < 0x10000; h++) {
            float f = TensorConversions.halfToFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals((short) h, TensorConversions.floatToHalf(f), "half 0x" + Integer.toHexString(h));
            }
        }
        assertEquals((short) 0x3f80, TensorConversions.floatToBf16(1f));
        assertEquals((short) 0x3f80, TensorConversions.floatToBf16(Float.intBitsToFloat(0x3f808000))); // tie even
        assertEquals((short) 0x3f82, TensorConversions.floatToBf16(Float.intBitsToFloat(0x3f818000))); // tie up
        assertEquals(true, Float.isNaN(Float.intBitsToFloat(TensorConversions.floatToBf16(Float.NaN) << 16)));
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytesAndDataIsAligned() {
        byte[] file = new SafetensorsWriter()
                .tensor("b", TensorDType.U8, new long[] {3}, new byte[] {1, 2, 3})
                .tensor("a", TensorDType.F64, new long[] {1}, new float[] {1})
                .metadata("k", "v\"quoted\" é")
                .toBytes();
        long headerLen = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLen % 8);
        String header = new String(file, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertEquals(true, header.startsWith("{\"__metadata__\":{\"k\":\"v\\\"quoted\\\" é\"}"), header);
        // wider dtypes first, so every tensor starts aligned to its element size
        assertEquals(true, header.indexOf("\"a\"") < header.indexOf("\"b\""), header);
        String json = header.stripTrailing();
        assertEquals(true, json.endsWith("}"), header);
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
        assertEquals(8 + headerLen + 8 + 3, file.length);
    }

    /** The layouts the reference implementation's own serialization tests expect. */
    @Test
    void matchesTheReferenceLayoutByteForByte() {
        assertArrayEquals(file("{}      ", new byte[0]), new SafetensorsWriter().toBytes());
        assertArrayEquals(file("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]),
                new SafetensorsWriter().metadata("framework", "pt").toBytes());
        float[] values = {0, 1, 2, 3, 4, 5};
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        assertArrayEquals(file("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", data.array()),
                new SafetensorsWriter().tensor("attn.0", new long[] {1, 2, 3}, values).toBytes());
        assertArrayEquals(file("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
                data.array()), new SafetensorsWriter().tensor("attn0", new long[] {1, 1, 2, 3}, values).toBytes());
    }

    @Test
    void ordersTensorsLikeTheReference() {
        SafetensorsWriter w = new SafetensorsWriter();
        for (TensorDType dtype : TensorDType.values()) {
            w.tensor("t" + dtype.ordinal(), dtype, new long[] {1}, new byte[dtype.byteSize()]);
        }
        Path path = dir.resolve("order.safetensors");
        w.write(path);
        try (SafetensorsReader sd = SafetensorsReader.open(path)) {
            List<TensorDType> order = sd.keys().stream().map(k -> sd.info(k).dtype()).toList();
            assertEquals(List.of(TensorDType.I64, TensorDType.F64, TensorDType.F32, TensorDType.I32, TensorDType.BF16,
                    TensorDType.F16, TensorDType.I16, TensorDType.I8, TensorDType.U8, TensorDType.BOOL), order);
        }
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    @Test
    void rejectsInconsistentInput() {
        SafetensorsWriter w = new SafetensorsWriter().tensor("x", new long[] {2}, new float[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> w.tensor("x", new long[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> w.tensor("__metadata__", new long[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> w.tensor("y", new long[] {3}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> w.tensor("y", TensorDType.I32, new long[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> w.tensor("y", TensorDType.I32, new long[] {2}, new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> w.tensor("y", TensorDType.U8, new long[] {-1}, new byte[0]));
        assertEquals(List.of("x"), keysOf(w));
    }

    private List<String> keysOf(SafetensorsWriter w) {
        Path file = dir.resolve("keys.safetensors");
        w.write(file);
        try (SafetensorsReader sd = SafetensorsReader.open(file)) {
            return sd.keys();
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
