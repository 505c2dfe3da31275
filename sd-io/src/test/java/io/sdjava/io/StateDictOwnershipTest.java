package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictOwnershipTest {
    @TempDir
    Path dir;

    @Test
    void viewsOutliveTheArrayTheyCameFrom() throws Exception {
        float[] values = new float[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().tensor("w", new long[] {64, 64}, values).write(file);
        try (StateDict sd = SafetensorsReader.open(file); NDManager m = NDManager.newBaseManager()) {
            NDArray view;
            try (NDManager inner = m.newSubManager()) {
                NDArray a = sd.toNDArray("w", inner);
                view = a.transpose();
                view.attach(m);
            }
            for (int i = 0; i < 5; i++) {
                System.gc();
                byte[][] pressure = new byte[64][];
                for (int j = 0; j < pressure.length; j++) {
                    pressure[j] = new byte[1 << 16];
                }
            }
            assertArrayEquals(values, view.transpose().toFloatArray());
        }
    }
}
