package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafetensorsReaderTest {
    @Test
    void readsFixtureCheckpointHeaderAndTensors() {
        Path file = Fixtures.area("models").resolve("tiny-sd1.safetensors");
        try (SafetensorsReader sd = SafetensorsReader.open(file);
                NDManager manager = NDManager.newBaseManager()) {
            assertFalse(sd.keys().isEmpty());
            String key = sd.keys().stream().filter(k -> sd.info(k).dtype() == TensorDType.F32).findFirst().orElseThrow();
            float[] values = sd.toFloatArray(key);
            assertEquals(sd.info(key).numel(), values.length);
            NDArray array = sd.toNDArray(key, manager);
            assertArrayEquals(values, array.toFloatArray());
            assertTrue(sd.contains(key));
        }
    }

    @Test
    void halfConversionIsExact() {
        assertEquals(1.0f, TensorConversions.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, TensorConversions.halfToFloat((short) 0xc000));
        assertEquals(65504f, TensorConversions.halfToFloat((short) 0x7bff));
        assertEquals(5.9604645e-8f, TensorConversions.halfToFloat((short) 0x0001));
        assertTrue(Float.isNaN(TensorConversions.halfToFloat((short) 0x7e00)));
        assertEquals(Float.POSITIVE_INFINITY, TensorConversions.halfToFloat((short) 0x7c00));
    }
}
