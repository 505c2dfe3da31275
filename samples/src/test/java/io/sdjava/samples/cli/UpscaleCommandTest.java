package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.SdImage;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpscaleCommandTest {
    @TempDir
    Path dir;

    private static Path upscaleFixtures() {
        Path area = Fixtures.area("upscale");
        assertTrue(Files.isRegularFile(area.resolve("tiny_x4.pth")), "missing fixture " + area.resolve("tiny_x4.pth"));
        return area;
    }

    private Path randomPng(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        new Random(7).nextBytes(rgb);
        Path file = dir.resolve("in.png");
        PngFiles.write(file, SdImage.fromRgb(w, h, rgb), null);
        return file;
    }

    @Test
    void upscalesWithTheFixtureModelAndShowsTileProgress() {
        Path in = randomPng(40, 24);
        Path out = dir.resolve("sub/out.png");
        CliRun run = CliRun.of("upscale", "--upscaler", "tiny_x4", "--scale", "4", "--models-dir",
                upscaleFixtures().toString(), "--tile", "16", "--tile-overlap", "4", in.toString(), out.toString());
        assertEquals(0, run.code, run.toString());
        SdImage result = PngFiles.read(out);
        assertEquals(160, result.width());
        assertEquals(96, result.height());
        assertTrue(run.err().contains("pass 1 [") && run.err().contains("6/6 tiles"), run.err());
        assertTrue(run.out().contains("40x24 -> 160x96"), run.out());
    }

    @Test
    void plainUpscalersNeedNoModels() {
        Path in = randomPng(16, 8);
        Path out = dir.resolve("out.png");
        CliRun run = CliRun.of("upscale", "--upscaler", "Nearest", "--scale", "2", "--models-dir",
                dir.resolve("absent").toString(), in.toString(), out.toString());
        assertEquals(0, run.code, run.toString());
        SdImage small = PngFiles.read(in);
        SdImage big = PngFiles.read(out);
        assertEquals(32, big.width());
        assertEquals(small.rgb(3, 2), big.rgb(7, 5));
    }

    @Test
    void missingModelNamesWhereItLooked() {
        Path in = randomPng(8, 8);
        CliRun run = CliRun.of("upscale", "--upscaler", "R-ESRGAN 4x+", "--models-dir", dir.toString(),
                in.toString(), dir.resolve("out.png").toString());
        assertEquals(1, run.code, run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("sd upscale: "), run.err());
        assertTrue(run.err().contains("RealESRGAN_x4plus.pth"), run.err());
        assertTrue(run.err().contains(dir.toString()), run.err());
    }

    @Test
    void unknownUpscalerListsTheAvailableOnes() {
        Path in = randomPng(8, 8);
        CliRun run = CliRun.of("upscale", "--upscaler", "SwinIR", "--models-dir", upscaleFixtures().toString(),
                in.toString(), dir.resolve("out.png").toString());
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err().contains("unknown upscaler 'SwinIR'") && run.err().contains("tiny_x4"), run.err());
    }

    @Test
    void badSizesAndFilesAreOneLineErrors() {
        Path in = randomPng(8, 8);
        String outPng = dir.resolve("out.png").toString();
        CliRun scale = CliRun.of("upscale", "--upscaler", "Lanczos", "--scale", "0", in.toString(), outPng);
        assertEquals(1, scale.code, scale.toString());
        assertEquals("sd upscale: --scale 0.0 is out of range; allowed: 1..8", scale.err().strip());

        CliRun tile = CliRun.of("upscale", "--upscaler", "Lanczos", "--tile", "8", "--tile-overlap", "8",
                in.toString(), outPng);
        assertEquals(1, tile.code, tile.toString());
        assertTrue(tile.err().contains("--tile 8 / --tile-overlap 8 are invalid"), tile.err());

        CliRun missing = CliRun.of("upscale", "--upscaler", "Lanczos", dir.resolve("nope.png").toString(), outPng);
        assertEquals(1, missing.code, missing.toString());
        assertTrue(missing.err().contains("nope.png does not exist"), missing.err());

        Path notImage = dir.resolve("text.png");
        PngFiles.write(notImage, SdImage.fromRgb(1, 1, new byte[3]), null);
        writeText(notImage);
        CliRun garbage = CliRun.of("upscale", "--upscaler", "Lanczos", notImage.toString(), outPng);
        assertEquals(1, garbage.code, garbage.toString());
        assertTrue(garbage.err().contains("cannot read image"), garbage.err());
        assertEquals(1, garbage.err().lines().count(), garbage.err());

        CliRun usage = CliRun.of("upscale", in.toString(), outPng);
        assertEquals(2, usage.code, usage.toString());
        assertTrue(usage.err().startsWith("sd upscale: Missing required option: '--upscaler=NAME'"), usage.err());
        assertEquals(1, usage.err().lines().count(), usage.err());
    }

    private static void writeText(Path file) {
        try {
            Files.writeString(file, "not an image");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
