package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-made hostile headers: each must be refused with a message naming the file and the problem. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badHeaders() {
        String ok = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        return Stream.of(
                Arguments.of("not json", "header is not valid JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of(ok + "{}", "unexpected data after"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "Duplicate field 't'"),
                Arguments.of("{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", "unknown dtype 'F8_E4M3'"),
                Arguments.of("{\"t\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype that is not a string"),
                Arguments.of("{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "has no dtype"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "has no shape"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", "no valid data_offsets"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "not a non-negative"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", "not a non-negative"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}",
                        "not a non-negative"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}",
                        "overflows"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        "= 12 bytes, but its data_offsets span 8 bytes"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,9]}}", "more than 2"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "outside the data section"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", "outside the data section"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"u\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}", "overlap"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        "starts at byte 4 of the data section, but the data before it ends at byte 0"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        "the tensors cover 4 bytes, but the data section after the header holds 8 bytes"),
                Arguments.of("{\"__metadata__\":{\"k\":1}," + ok.substring(1), "is not a string"),
                Arguments.of("{\"__metadata__\":[]," + ok.substring(1), "__metadata__ is not an object"),
                Arguments.of("{\"t\":[]}", "entry 't' is not an object"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
                        + "1,1,1,1,1,1,1,1],\"data_offsets\":[0,4]}}", "more than 32"),
                Arguments.of("[".repeat(5000) + "]".repeat(5000), "not a JSON object"),
                Arguments.of("{\"t\":{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}}", "nesting depth"),
                Arguments.of("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void refusesBadHeader(String header, String expected) throws IOException {
        Path file = write(header.getBytes(StandardCharsets.UTF_8), 8);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void refusesInvalidUtf8InHeader() throws IOException {
        byte[] h = "{\"t\u00ff\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}".getBytes(StandardCharsets.ISO_8859_1);
        Path file = write(h, 0);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void refusesBadHeaderLengths() throws IOException {
        for (long len : new long[] {-1, 0, 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 200}) {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len);
            Path file = dir.resolve("len.safetensors");
            Files.write(file, b.array());
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(file).close());
            assertTrue(e.getMessage().contains("header length " + len + " is out of range"), e.getMessage());
        }
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[5]);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(tiny).close());
        assertTrue(e.getMessage().contains("shorter than the 8-byte header length"), e.getMessage());
    }

    @Test
    void refusesHeaderLongerThanTheReferenceLimitEvenIfTheFileIsLargeEnough() throws IOException {
        Path file = dir.resolve("sparse.safetensors");
        long len = SafetensorsReader.MAX_HEADER_BYTES + 1;
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len), 0);
            ch.write(ByteBuffer.wrap(new byte[] {'}'}), 8 + len);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().contains("header length " + len + " is out of range"), e.getMessage());
    }

    @Test
    void refusesMissingFileAndDirectory() {
        assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(dir.resolve("nope.safetensors")));
        assertThrows(ModelLoadException.class, () -> SafetensorsReader.open(dir));
    }

    @Test
    void acceptsNullMetadataUnknownFieldsAndTrailingSpaces() throws IOException {
        String h = "{\"__metadata__\":null,\"t\":{\"extra\":{\"x\":[1]},\"dtype\":\"U8\",\"shape\":[2],"
                + "\"data_offsets\":[0,2]}}   ";
        Path file = write(h.getBytes(StandardCharsets.UTF_8), 2);
        try (SafetensorsReader sd = SafetensorsReader.open(file)) {
            assertEquals(0, sd.metadata().size());
            assertEquals(2, sd.data("t").remaining());
        }
    }

    @Test
    void refusesReadingATensorAfterTheFileShrank() throws IOException {
        Path file = dir.resolve("shrink.safetensors");
        new SafetensorsWriter().tensor("t", new long[] {4}, new float[] {1, 2, 3, 4}).write(file);
        try (SafetensorsReader sd = SafetensorsReader.open(file)) {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 4);
            }
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> sd.data("t"));
            assertTrue(e.getMessage().contains("shrank"), e.getMessage());
        }
    }

    private Path write(byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, b.array());
        return file;
    }
}
