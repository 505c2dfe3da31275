package io.sdjava.djl.hires;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatentUpscalerTest {
    private static final float[] RAMP = {0, 1, 2, 3};

    @Test
    void namesAndModesFollowA1111() {
        assertEquals(6, LatentUpscaler.values().length);
        assertEquals(LatentUpscaler.LATENT_NEAREST_EXACT, LatentUpscaler.forName("Latent (nearest-exact)").orElseThrow());
        assertEquals("nearest-exact", LatentUpscaler.LATENT_NEAREST_EXACT.mode());
        assertEquals(LatentUpscaler.LATENT_BICUBIC_ANTIALIASED, LatentUpscaler.forMode("bicubic", true));
        assertFalse(LatentUpscaler.forName("R-ESRGAN 4x+").isPresent());
        assertThrows(IllegalArgumentException.class, () -> LatentUpscaler.forMode("nearest", true));
    }

    @Test
    void sameSizeIsIdentityForEveryMode() {
        float[] in = {1, -2, 3.5f, 4, 5, 6, 7, 8, 9};
        for (LatentUpscaler u : LatentUpscaler.values()) {
            assertArrayEquals(in, u.resize(in, 1, 3, 3, 3, 3), 1e-6f, u.name());
        }
    }

    @Test
    void bilinearDoublingMatchesTorch() {
        // torch.nn.functional.interpolate(torch.arange(4.).view(1,1,1,4), size=(1,8), mode="bilinear")
        float[] out = LatentUpscaler.LATENT.resize(RAMP, 1, 1, 4, 1, 8);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3}, out, 1e-6f);
    }

    @Test
    void nearestAndNearestExactDifferAtOneAndAHalf() {
        float[] nearest = LatentUpscaler.LATENT_NEAREST.resize(RAMP, 1, 1, 4, 1, 6);
        float[] exact = LatentUpscaler.LATENT_NEAREST_EXACT.resize(RAMP, 1, 1, 4, 1, 6);
        // floor(o * 4/6) vs floor((o + 0.5) * 4/6)
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 3}, nearest);
        assertArrayEquals(new float[] {0, 1, 1, 2, 3, 3}, exact);
    }

    @Test
    void antialiasedWeightsSumToOneAndKeepConstants() {
        float[] constant = new float[12];
        Arrays.fill(constant, 2.5f);
        for (LatentUpscaler u : LatentUpscaler.values()) {
            float[] out = u.resize(constant, 1, 3, 4, 5, 7);
            for (float v : out) {
                assertEquals(2.5f, v, 1e-5f, u.name());
            }
        }
    }

    @Test
    void bicubicOvershootsButAntialiasedBicubicUsesPilKernel() {
        float[] step = {0, 0, 1, 1};
        float[] cubic = LatentUpscaler.LATENT_BICUBIC.resize(step, 1, 1, 4, 1, 8);
        float[] aa = LatentUpscaler.LATENT_BICUBIC_ANTIALIASED.resize(step, 1, 1, 4, 1, 8);
        assertTrue(cubic[2] < 0, "A=-0.75 undershoots before the step");
        assertNotEquals(cubic[2], aa[2]);
    }
}
