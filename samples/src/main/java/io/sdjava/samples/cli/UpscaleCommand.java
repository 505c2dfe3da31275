package io.sdjava.samples.cli;

import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import io.sdjava.upscale.EsrganUpscalerProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sd upscale}: upscales one image with a WebUI upscaler (ESRGAN family, Lanczos, Nearest, None). */
@Command(
        name = "upscale",
        mixinStandardHelpOptions = true,
        description = {"Upscales an image as the WebUI's Extras tab does, with a progress bar over tiles.",
            "Upscalers: None, Lanczos, Nearest, and ESRGAN-family weights (.pth/.safetensors/.pt) by WebUI name "
                + "(R-ESRGAN 4x+, R-ESRGAN 4x+ Anime6B, R-ESRGAN 2x+, ESRGAN_4x) or file stem, looked up in "
                + "DIR/RealESRGAN, DIR/ESRGAN and DIR itself. Nothing is downloaded."})
final class UpscaleCommand implements Callable<Integer> {
    static final double MIN_SCALE = 1.0;
    static final double MAX_SCALE = 8.0;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--upscaler", required = true, paramLabel = "NAME",
            description = "upscaler name, e.g. \"R-ESRGAN 4x+\", a weights file stem, Lanczos, Nearest or None")
    String upscaler;

    @Option(names = "--scale", paramLabel = "X", defaultValue = "4",
            description = "scale factor, 1..8 (default: ${DEFAULT-VALUE}); the output is round(W*X) x round(H*X)")
    double scale;

    @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "models",
            description = "WebUI-style models directory (default: ${DEFAULT-VALUE})")
    Path modelsDir;

    @Option(names = "--tile", paramLabel = "PX", defaultValue = "192",
            description = "ESRGAN tile size in input pixels, 0 = untiled (default: ${DEFAULT-VALUE})")
    int tile;

    @Option(names = "--tile-overlap", paramLabel = "PX", defaultValue = "8",
            description = "ESRGAN tile overlap in input pixels, smaller than the tile (default: ${DEFAULT-VALUE})")
    int tileOverlap;

    @Parameters(index = "0", paramLabel = "IN", description = "input image (PNG, JPEG, BMP, GIF; alpha is dropped)")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.png", description = "output PNG")
    Path output;

    @Override
    public Integer call() {
        checkOptions();
        SdImage image = PngFiles.read(input);
        int w = outputSide(image.width());
        int h = outputSide(image.height());
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, "tiles");
        SdImage result;
        EsrganUpscalerProvider provider = new EsrganUpscalerProvider(tile, tileOverlap);
        try (Upscaler up = provider.create(upscaler, modelsDir, tileProgress(bar))) {
            result = up.upscale(image, scale);
        } finally {
            bar.finish();
        }
        PngFiles.write(output, result, null);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%dx%d -> %dx%d, %s)%n", output, image.width(), image.height(), w, h,
                upscaler);
        out.flush();
        return 0;
    }

    private void checkOptions() {
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new CliException("--scale " + scale + " is out of range; allowed: 1..8");
        }
        if (tile < 0 || tileOverlap < 0 || (tile > 0 && tileOverlap >= tile)) {
            throw new CliException("--tile " + tile + " / --tile-overlap " + tileOverlap
                    + " are invalid; allowed: tile 0 (untiled) or tile > overlap >= 0");
        }
    }

    private int outputSide(int side) {
        long out = Math.round(side * scale);
        if (out > SdImage.MAX_SIDE) {
            throw new CliException(String.format(Locale.ROOT, "output side %d px (%d x %s) exceeds the limit of %d px",
                    out, side, scale, SdImage.MAX_SIDE));
        }
        return (int) out;
    }

    /** Tile progress of each model pass; a pass restarting at tile 1 is the next pass of the WebUI's loop. */
    private static EsrganUpscalerProvider.TileProgress tileProgress(ProgressBar bar) {
        int[] pass = {0};
        return (done, total) -> {
            if (done == 1) {
                pass[0]++;
            }
            bar.update(done, total, "pass " + pass[0]);
        };
    }
}
