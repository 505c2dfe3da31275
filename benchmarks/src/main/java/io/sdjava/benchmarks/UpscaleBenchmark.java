package io.sdjava.benchmarks;

import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import io.sdjava.upscale.EsrganUpscalerProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ESRGAN upscaler throughput on the full-size layouts (random weights generated from the key and shape inventory
 * {@code upscale/inventory_full_size.json}, {@link EsrganRandomWeights}), found by their WebUI names and tiled at
 * the WebUI defaults (tile 192, overlap 8), through the public SPI: one x4 upscale of a random {@code size²} RGB
 * image per operation.
 *
 * <p>Throughput mode with an iteration of at least one operation; the {@code megapixels} secondary result
 * ({@link OutputPixels}, an {@link AuxCounters} operations counter) is the <b>output megapixels per second</b>, and
 * each iteration also prints its own MP/s. {@code size=192} is exactly one tile; {@code -p size=512} is the Hires.
 * fix input (a 3x3 tile grid, 2048² output).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar UpscaleBenchmark -jvmArgs -Dsd.fixtures=...}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class UpscaleBenchmark {
    private static final Map<String, String> WEBUI_NAMES = Map.of("RealESRGAN_x4plus", "R-ESRGAN 4x+",
            "RealESRGAN_x4plus_anime_6B", "R-ESRGAN 4x+ Anime6B");

    /** Inventory entry (the released model's layout). */
    @Param({"RealESRGAN_x4plus", "RealESRGAN_x4plus_anime_6B"})
    public String model;

    /** Input edge in pixels. */
    @Param({"192"})
    public int size;

    private Upscaler upscaler;
    private SdImage input;

    /** Output megapixels produced in the current iteration, reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class OutputPixels {
        /** Output megapixels so far in this iteration. */
        public double megapixels;

        private long start;

        /** Starts an iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            megapixels = 0;
            start = System.nanoTime();
        }

        /** Prints the iteration's output megapixels per second. */
        @TearDown(Level.Iteration)
        public void print() {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n[upscale] %.3f output MP in %.1f s = %.4f MP/s%n", megapixels, seconds,
                    megapixels / seconds);
        }
    }

    /** Writes the random weights if needed and loads them under the model's WebUI name. */
    @Setup(Level.Trial)
    public void setUp() {
        EsrganRandomWeights.path(model);
        upscaler = new EsrganUpscalerProvider().create(WEBUI_NAMES.get(model), EsrganRandomWeights.modelsDir());
        byte[] rgb = new byte[size * size * 3];
        new Random(7).nextBytes(rgb);
        input = SdImage.fromRgb(size, size, rgb);
    }

    /**
     * @param pixels the output counter
     * @return the x4 result
     */
    @Benchmark
    public SdImage upscale(OutputPixels pixels) {
        SdImage out = upscaler.upscale(input, 4);
        pixels.megapixels += (double) out.width() * out.height() / 1e6;
        return out;
    }

    /** Frees the weights and prints the peak RSS. */
    @TearDown(Level.Trial)
    public void tearDown() {
        upscaler.close();
        PeakRss.report("upscale " + model + " " + size);
    }
}
