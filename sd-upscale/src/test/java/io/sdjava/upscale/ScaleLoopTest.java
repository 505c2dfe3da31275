package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The WebUI upscaler loop and the PIL LANCZOS resize. */
class ScaleLoopTest {
    private static RgbImage random(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new Random(11).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    private static UnaryOperator<RgbImage> counting(int factor, AtomicInteger calls) {
        return img -> {
            calls.incrementAndGet();
            return LanczosResampler.resize(img, img.width() * factor, img.height() * factor);
        };
    }

    private static int passes(int w, int h, double scale, int factor, int ew, int eh) {
        AtomicInteger calls = new AtomicInteger();
        RgbImage out = ScaleLoop.upscale(random(w, h), scale, counting(factor, calls));
        assertEquals(ew, out.width());
        assertEquals(eh, out.height());
        return calls.get();
    }

    @Test
    void repeatsTheModelUntilTheTargetThenResizes() {
        assertEquals(1, passes(20, 12, 4, 4, 80, 48));
        assertEquals(1, passes(20, 12, 2, 4, 40, 24));
        assertEquals(2, passes(20, 12, 8, 4, 160, 96));
        assertEquals(3, passes(20, 12, 8, 2, 160, 96));
        assertEquals(3, passes(10, 10, 100, 2, 1000, 1000)); // at most 3 passes, then LANCZOS up
        assertEquals(1, passes(64, 64, 1, 4, 64, 64)); // scale 1 still runs one pass
        assertEquals(1, passes(21, 13, 1.5, 1, 24, 16)); // a pass that keeps the size ends the loop
    }

    @Test
    void targetIsRoundedDownToMultiplesOfEight() {
        assertEquals(1040, ScaleLoop.target(260, 4));
        assertEquals(24, ScaleLoop.target(13, 2));
        assertEquals(768, ScaleLoop.target(512, 1.5));
    }

    @Test
    void lanczosKeepsConstantsAndCopiesOnSameSize() {
        byte[] rgb = new byte[9 * 7 * 3];
        java.util.Arrays.fill(rgb, (byte) 201);
        RgbImage flat = new RgbImage(9, 7, rgb);
        for (int[] size : new int[][] {{27, 21}, {4, 3}, {9, 20}, {13, 7}}) {
            RgbImage out = LanczosResampler.resize(flat, size[0], size[1]);
            for (byte b : out.rgb()) {
                assertEquals(201, b & 0xFF);
            }
        }
        RgbImage img = random(5, 4);
        assertArrayEquals(img.rgb(), LanczosResampler.resize(img, 5, 4).rgb());
    }

    @Test
    void lanczosKernelIsPils() {
        assertEquals(1.0, LanczosResampler.lanczos(0), 0);
        assertEquals(0.0, LanczosResampler.lanczos(1), 1e-16);
        assertEquals(0.0, LanczosResampler.lanczos(3), 0);
        double x = 0.5;
        double expected = Math.sin(Math.PI * x) / (Math.PI * x) * Math.sin(Math.PI * x / 3) / (Math.PI * x / 3);
        assertEquals(expected, LanczosResampler.lanczos(x), 1e-15);
    }

    @Test
    void lanczosUpscaleOfAStepOvershootsAndClips() {
        // a black/white edge: Lanczos rings, PIL clips the ringing to 0..255, and is symmetric about the edge
        byte[] rgb = new byte[8 * 3];
        for (int i = 4 * 3; i < rgb.length; i++) {
            rgb[i] = (byte) 255;
        }
        RgbImage out = LanczosResampler.resize(new RgbImage(8, 1, rgb), 32, 1);
        for (int x = 0; x < 32; x++) {
            assertEquals(255 - out.get(x, 0, 0), out.get(31 - x, 0, 0), "x=" + x);
        }
    }
}
