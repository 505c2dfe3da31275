package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenamedStateDictTest {
    @TempDir
    Path dir;

    private StateDict file() {
        Path f = dir.resolve("w.safetensors");
        new SafetensorsWriter().tensor("old.a", new long[] {2}, new float[] {1, 2})
                .tensor("old.b", TensorDType.F16, new long[] {1}, new float[] {3})
                .tensor("c", new long[] {1}, new float[] {4}).write(f);
        return SafetensorsReader.open(f);
    }

    @Test
    void renamesEveryKeyAndReadsThroughTheView() {
        try (StateDict sd = RenamedStateDict.of(file(), k -> k.replace("old.", "new."));
                NDManager manager = NDManager.newBaseManager()) {
            List<String> fileOrder;
            try (StateDict f = file()) {
                fileOrder = f.keys().stream().map(k -> k.replace("old.", "new.")).toList();
            }
            assertEquals(fileOrder, sd.keys());
            assertEquals(Set.of("new.a", "new.b", "c"), Set.copyOf(sd.keys()));
            assertEquals("new.b", sd.info("new.b").name());
            assertEquals(TensorDType.F16, sd.info("new.b").dtype());
            assertArrayEquals(new float[] {1, 2}, sd.toFloatArray("new.a"));
            ByteBuffer dst = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            sd.read("new.a", dst);
            assertEquals(8, dst.position());
            assertEquals(2f, dst.getFloat(4));
            try (NDArray a = sd.toNDArray("new.b", manager)) {
                assertEquals(3f, a.toFloatArray()[0]);
            }
            assertFalse(sd.contains("old.a"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sd.info("old.a"));
            assertTrue(e.getMessage().contains("old.a"), e.getMessage());
        }
    }

    @Test
    void anExplicitTableHidesUnmappedKeysAndAliases() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("alias", "c");
        names.put("old.a", "old.a");
        try (StateDict sd = RenamedStateDict.of(file(), names)) {
            assertEquals(List.of("alias", "old.a"), sd.keys());
            assertFalse(sd.contains("old.b"));
            assertArrayEquals(new float[] {4}, sd.toFloatArray("alias"));
        }
    }

    @Test
    void aTableNamingAMissingTensorIsRefused() {
        try (StateDict f = file()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RenamedStateDict.of(f, Map.of("x", "nope")));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }
}
