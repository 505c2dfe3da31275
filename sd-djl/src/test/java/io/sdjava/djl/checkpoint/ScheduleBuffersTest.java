package io.sdjava.djl.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The model-side half of the {@code denoiser_schedule} golden: the {@code alphas_cumprod} we load from the F32
 * and F16 checkpoints give the golden sigma tables ({@code sigmas} and {@code sigmas_from_fp16_alphas_cumprod},
 * float32 {@code sqrt((1-a)/a)} as k-diffusion computes them; README tolerance 1e-6 relative).
 */
class ScheduleBuffersTest {
    private static final Path MODELS = Fixtures.area("models");

    @Test
    void loadedBuffersGiveTheGoldenSigmaTables() {
        try (StateDict golden = SafetensorsReader.open(MODELS.resolve("goldens/denoiser_schedule.safetensors"));
                StateDict f32 = SafetensorsReader.open(MODELS.resolve("tiny-sd1.safetensors"));
                StateDict f16 = SafetensorsReader.open(MODELS.resolve("tiny-sd1-fp16.safetensors"))) {
            double[] a32 = ScheduleBuffers.alphasCumprod(f32, ScheduleConfig.sd());
            float[] goldenAlphas = golden.toFloatArray("alphas_cumprod");
            for (int i = 0; i < goldenAlphas.length; i++) {
                assertEquals(goldenAlphas[i], a32[i], 0.0, "alphas_cumprod[" + i + "]");
            }
            assertSigmas(golden.toFloatArray("sigmas"), a32);
            assertSigmas(golden.toFloatArray("sigmas_from_fp16_alphas_cumprod"),
                    ScheduleBuffers.alphasCumprod(f16, ScheduleConfig.sd()));
        }
    }

    private static void assertSigmas(float[] expected, double[] alphasCumprod) {
        assertEquals(expected.length, alphasCumprod.length);
        for (int i = 0; i < expected.length; i++) {
            float a = (float) alphasCumprod[i];
            float sigma = (float) Math.sqrt((1f - a) / a);
            assertEquals(expected[i], sigma, 1e-6 * Math.abs(expected[i]), "sigma[" + i + "]");
        }
    }
}
