package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** End to end on the tiny x2 model: target scale, tiling and native-memory hygiene. */
class EsrganUpscalerTest {
    private static final Path WEIGHTS = Fixtures.area("upscale").resolve("tiny_x2.safetensors");

    @Test
    void reachesTheTargetAndFreesEverything() {
        byte[] rgb = new byte[30 * 21 * 3];
        new Random(5).nextBytes(rgb);
        RgbImage img = new RgbImage(30, 21, rgb);
        try (NDManager root = NDManager.newBaseManager()) {
            int baseline = root.getManagedArrays().size();
            try (EsrganUpscaler up = EsrganUpscaler.load(WEIGHTS, root, 16, 4)) {
                assertEquals(2, up.modelScale());
                RgbImage out = up.upscale(img, 3, null);
                assertEquals(88, out.width());
                assertEquals(56, out.height());
                RgbImage once = up.upscaleOnce(img, null);
                assertEquals(60, once.width());
                RgbImage again = up.upscaleOnce(img, null);
                assertArrayEquals(once.rgb(), again.rgb());
            }
            assertEquals(baseline, root.getManagedArrays().size());
        }
    }
}
