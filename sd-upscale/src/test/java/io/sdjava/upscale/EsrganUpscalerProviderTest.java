package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.sdjava.InvalidRequestException;
import io.sdjava.ModelLoadException;
import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.UpscalerProvider;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SPI adapter: ids, errors, plain resizers and an ESRGAN model found by its WebUI name. */
class EsrganUpscalerProviderTest {
    @TempDir
    Path models;

    private static SdImage image(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new Random(3).nextBytes(rgb);
        return SdImage.fromRgb(w, h, rgb);
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertTrue(ServiceLoader.load(UpscalerProvider.class).stream()
                .anyMatch(p -> p.type() == EsrganUpscalerProvider.class));
    }

    @Test
    void plainUpscalersGiveTheSpiSize() {
        EsrganUpscalerProvider provider = new EsrganUpscalerProvider();
        assertTrue(provider.ids(null).containsAll(java.util.List.of("None", "Lanczos", "Nearest", "R-ESRGAN 4x+",
                "R-ESRGAN 4x+ Anime6B", "ESRGAN_4x")));
        for (String id : new String[] {"None", "Lanczos", "Nearest"}) {
            try (Upscaler up = provider.create(id, null)) {
                SdImage out = up.upscale(image(21, 13), 1.5);
                assertEquals(32, out.width(), id); // round(31.5)
                assertEquals(20, out.height(), id); // round(19.5)
            }
        }
    }

    @Test
    void resizeIsTheWebUiResizeImageJustResize() {
        EsrganUpscalerProvider provider = new EsrganUpscalerProvider();
        SdImage in = image(21, 13);
        RgbImage rgb = new RgbImage(21, 13, in.toRgb());
        try (Upscaler none = provider.create("None", null); Upscaler lanczos = provider.create("Lanczos", null)) {
            // "None": one LANCZOS resize to the exact size, also for a non-uniform scale
            SdImage direct = none.resize(in, 50, 13);
            assertArrayEquals(LanczosResampler.resize(rgb, 50, 13).rgb(), direct.toRgb());
            // an upscaler: scale max(40/21, 20/13) runs the loop to (floor(21*s/8)*8, floor(13*s/8)*8) = (40, 24),
            // then LANCZOS to exactly 40x20
            RgbImage loop = ScaleLoop.upscale(rgb, 40.0 / 21, img -> LanczosResampler.resize(img,
                    (int) (img.width() * (40.0 / 21)), (int) (img.height() * (40.0 / 21))));
            assertEquals(40, loop.width());
            assertEquals(24, loop.height());
            SdImage viaUpscaler = lanczos.resize(in, 40, 20);
            assertArrayEquals(LanczosResampler.resize(loop, 40, 20).rgb(), viaUpscaler.toRgb());
            // downscaling never runs the upscaler
            assertArrayEquals(LanczosResampler.resize(rgb, 10, 6).rgb(), lanczos.resize(in, 10, 6).toRgb());
        }
    }

    @Test
    void unknownIdsAndMissingFilesAreClearErrors() {
        EsrganUpscalerProvider provider = new EsrganUpscalerProvider();
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> provider.create("SwinIR 9x", models));
        assertTrue(unknown.getMessage().contains("Lanczos"), unknown.getMessage());
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> provider.create("R-ESRGAN 4x+", models));
        assertTrue(missing.getMessage().contains("RealESRGAN_x4plus.pth"), missing.getMessage());
        assertThrows(InvalidRequestException.class, () -> new EsrganUpscalerProvider(8, 8));
    }

    @Test
    void esrganByWebUiNameRunsTheLoop() throws IOException {
        Path weights = Fixtures.area("upscale").resolve("tiny_x4.safetensors");
        Files.createDirectories(models.resolve("RealESRGAN"));
        Files.createSymbolicLink(models.resolve("RealESRGAN/RealESRGAN_x4plus.safetensors"), weights);
        SdImage in = image(20, 12);
        SdImage out;
        java.util.List<Integer> done = new java.util.ArrayList<>();
        try (Upscaler up = new EsrganUpscalerProvider(16, 4).create("R-ESRGAN 4x+", models, (d, t) -> done.add(d))) {
            out = up.upscale(in, 2);
        }
        assertEquals(java.util.List.of(1, 2), done); // 20x12 with tile 16 / overlap 4: one row, two columns
        assertEquals(40, out.width());
        assertEquals(24, out.height());
        try (NDManager root = NDManager.newBaseManager();
                EsrganUpscaler esrgan = EsrganUpscaler.load(weights, root, 16, 4)) {
            RgbImage expected = esrgan.upscale(new RgbImage(20, 12, in.toRgb()), 2, null);
            assertArrayEquals(expected.rgb(), out.toRgb());
        }
    }
}
