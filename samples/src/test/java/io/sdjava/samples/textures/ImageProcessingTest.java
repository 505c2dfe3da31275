package io.sdjava.samples.textures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.SdImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageProcessingTest {
    private static SdImage gray(int w, int h, int... values) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            Arrays.fill(rgb, 3 * i, 3 * i + 3, (byte) values[i]);
        }
        return SdImage.fromRgb(w, h, rgb);
    }

    private static SdImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(rgb);
        return SdImage.fromRgb(w, h, rgb);
    }

    private static long colours(SdImage image) {
        return Arrays.stream(image.toArgbPixels()).distinct().count();
    }

    @Test
    void areaAverageIsTheRoundedMeanOfEachBlock() {
        SdImage in = gray(4, 2,
                0, 1, 10, 20,
                2, 2, 30, 41);
        SdImage out = AreaDownscaler.downscale(in, 2, 1);
        assertEquals(2, out.width());
        assertEquals(1, out.height());
        assertEquals(0x010101, out.rgb(0, 0)); // (0+1+2+2)/4 = 1.25 -> 1
        assertEquals(0x191919, out.rgb(1, 0)); // (10+20+30+41)/4 = 25.25 -> 25
        assertSame(in, AreaDownscaler.downscale(in, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> AreaDownscaler.downscale(in, 3, 2));
    }

    @Test
    void areaAverageKeepsTilingImagesTiling() {
        SdImage big = FakeTextureBackend.image(256, 256, 7, true);
        for (int size : new int[] {16, 32, 64}) {
            SeamCheck check = SeamCheck.of(AreaDownscaler.downscale(big, size, size));
            assertTrue(check.passed(), size + ": " + check.describe());
        }
    }

    @Test
    void seamCheckFailsWithoutTiling() {
        SdImage ramp = FakeTextureBackend.image(256, 256, 7, false);
        SeamCheck check = SeamCheck.of(AreaDownscaler.downscale(ramp, 16, 16));
        assertFalse(check.passed(), check.describe());
        assertTrue(check.seamX() > check.limitX(), check.describe());
    }

    @Test
    void seamCheckPassesOnUncorrelatedNoiseAndRolledImages() {
        // noise has no seam to speak of; a rolled tiling image has its old seam inside: both tile
        assertTrue(SeamCheck.of(noise(16, 16, 3)).passed());
        SdImage tiling = AreaDownscaler.downscale(FakeTextureBackend.image(128, 128, 11, true), 32, 32);
        int[] px = tiling.toArgbPixels();
        int[] rolled = new int[px.length];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                rolled[y * 32 + x] = px[((y + 9) % 32) * 32 + (x + 13) % 32];
            }
        }
        assertTrue(SeamCheck.of(SdImage.fromArgbPixels(32, 32, rolled)).passed());
    }

    @Test
    void medianCutLimitsTheColourCount() {
        SdImage image = noise(32, 32, 5);
        for (int n : new int[] {2, 3, 8, 16, 64}) {
            SdImage q = MedianCutQuantizer.quantize(image, n);
            assertTrue(colours(q) <= n, n + " colours requested, got " + colours(q));
            assertEquals(image.width(), q.width());
        }
    }

    @Test
    void medianCutIsDeterministicAndKeepsSmallPalettes() {
        SdImage image = noise(16, 16, 9);
        assertEquals(MedianCutQuantizer.quantize(image, 16), MedianCutQuantizer.quantize(image, 16));
        SdImage four = gray(4, 1, 0, 80, 160, 240);
        assertSame(four, MedianCutQuantizer.quantize(four, 4));
        assertThrows(IllegalArgumentException.class, () -> MedianCutQuantizer.quantize(four, 1));
    }

    @Test
    void medianCutFindsSeparatedClusters() {
        // two tight clusters (dark red around 0x400000, light blue around 0xA0C0F0): two colours, one per cluster
        int[] px = new int[64];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 2 == 0 ? 0x400000 + (i % 5) : 0xA0C0F0 - (i % 3);
        }
        int[] palette = MedianCutQuantizer.palette(px, 2);
        Arrays.sort(palette);
        assertEquals(2, palette.length);
        assertTrue(Math.abs((palette[0] >>> 16) - 0x40) <= 1 && (palette[0] & 0xFF) <= 4,
                Integer.toHexString(palette[0]));
        assertTrue((palette[1] >>> 16) == 0xA0, Integer.toHexString(palette[1]));
        SdImage q = MedianCutQuantizer.quantize(SdImage.fromArgbPixels(8, 8, px), 2);
        assertEquals(2, colours(q));
    }

    @Test
    void pngRoundTripsPixelsAndInfotextWithReproducibleBytes() throws Exception {
        SdImage image = noise(16, 8, 1);
        byte[] png = PngWriter.encode(image, "stone\nSteps: 20, Seed: 1, Tiling: True");
        assertArrayEquals(png, PngWriter.encode(image, "stone\nSteps: 20, Seed: 1, Tiling: True"));
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(16, read.getWidth());
        assertEquals(8, read.getHeight());
        assertEquals(image, SdImage.fromArgbPixels(16, 8, read.getRGB(0, 0, 16, 8, null, 0, 16)));
        assertEquals("stone\nSteps: 20, Seed: 1, Tiling: True",
                io.sdjava.djl.infotext.PngChunks.text(png, "parameters").orElseThrow());
        assertTrue(io.sdjava.djl.infotext.PngChunks.text(PngWriter.encode(image, null), "parameters").isEmpty());
    }
}
