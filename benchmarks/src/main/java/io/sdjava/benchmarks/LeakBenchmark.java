package io.sdjava.benchmarks;

import ai.djl.ndarray.NDManager;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Native memory over many generations: each measured iteration is one tiny txt2img generation (the tiny fixture
 * checkpoint, through the public API), and after each one the fork records the process RSS ({@code VmRSS}) and the
 * number of NDArrays managed by the pipeline's root manager. At the end it prints one {@code # leak} summary line:
 * baseline (after the warm-up generations) and final values, and the RSS slope over the second half of the run.
 * A pipeline that frees everything keeps the managed-array count at its baseline and the RSS flat; the JMH score is
 * the time per generation. Linux only for RSS (reported as -1 elsewhere).
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * LeakBenchmark} (add {@code -i 100} for more generations; the summary is in the fork's output).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 100)
@Fork(1)
public class LeakBenchmark {
    /** Image width and height in pixels. */
    @Param({"64"})
    public int size;

    /** Images per generation. */
    @Param({"2"})
    public int batchSize;

    private Pipeline pipeline;
    private GenerationRequest request;
    private final List<Long> rssKb = new ArrayList<>();
    private final List<Integer> managedArrays = new ArrayList<>();
    private long baselineRssKb;
    private int baselineArrays;

    /** Builds the pipeline and the request. */
    @Setup(Level.Trial)
    public void setUp() {
        pipeline = Pipeline.builder().checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
        request = pipeline.newRequest("a (red:1.2) cat, [dog:cow:0.5] AND a hat :0.5").negativePrompt("blurry")
                .steps(8).size(size, size).batchSize(batchSize).seed(7).build();
    }

    /** @return the result */
    @Benchmark
    public GenerationResult generate() {
        return pipeline.generate(request);
    }

    /**
     * Records RSS and managed arrays after each generation (the last warm-up one is the baseline).
     *
     * @param params tells warm-up from measurement
     */
    @TearDown(Level.Iteration)
    public void record(IterationParams params) {
        if (params.getType() == IterationType.WARMUP) {
            baselineRssKb = rssKb();
            baselineArrays = managedArrays();
        } else {
            rssKb.add(rssKb());
            managedArrays.add(managedArrays());
        }
    }

    /** Prints the summary and closes the pipeline. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
        int n = rssKb.size();
        if (n == 0) {
            return;
        }
        int half = n / 2;
        double slopeKbPerGen = n - half > 1
                ? (rssKb.get(n - 1) - rssKb.get(half)) / (double) (n - 1 - half) : 0;
        System.out.printf("%n# leak generations=%d batchSize=%d size=%d rssMb baseline=%.1f final=%.1f max=%.1f "
                + "slopeSecondHalf=%.3f MB/100gen managedArrays baseline=%d final=%d max=%d%n", n, batchSize, size,
                baselineRssKb / 1024.0, rssKb.get(n - 1) / 1024.0,
                rssKb.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0, slopeKbPerGen * 100 / 1024.0,
                baselineArrays, managedArrays.get(n - 1),
                managedArrays.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /** The pipeline's root manager's array count, or -1 if the backend does not expose {@code rootManager()}. */
    private int managedArrays() {
        try {
            Object root = pipeline.getClass().getMethod("rootManager").invoke(pipeline);
            return ((NDManager) root).getManagedArrays().size();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return -1;
        }
    }

    private static long rssKb() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
