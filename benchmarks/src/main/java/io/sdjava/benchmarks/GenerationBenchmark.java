package io.sdjava.benchmarks;

import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
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

/**
 * A whole txt2img generation through the public API ({@code Pipeline.builder()...build().generate(request)}) on
 * the tiny fixture checkpoint {@code models/tiny-sd1.safetensors}: prompt parsing and conditioning, the sampler
 * loop with CFG, VAE decode and the 8-bit image with its infotext. The tiny model's networks are small, so this
 * measures the pipeline's own overhead per step more than the math. The pipeline is built once per trial.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * GenerationBenchmark} (add {@code -p steps=1,20 -p size=64,512} for other points).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(2)
public class GenerationBenchmark {
    /** Sampling steps. */
    @Param({"20"})
    public int steps;

    /** Image width and height in pixels (a multiple of 8). */
    @Param({"64", "256"})
    public int size;

    /** Sampler display name (A1111). */
    @Param({"Euler a"})
    public String sampler;

    private Pipeline pipeline;
    private GenerationRequest request;

    /** Builds the pipeline and the request. */
    @Setup(Level.Trial)
    public void setUp() {
        Path models = Fixtures.area("models");
        pipeline = Pipeline.builder().checkpoint(models.resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
        request = pipeline.newRequest("a photo of a (red:1.2) cat on a [sofa|chair], highly detailed")
                .negativePrompt("blurry, low quality").steps(steps).size(size, size).cfgScale(7.0)
                .sampler(sampler).seed(42).build();
    }

    /** @return the result (one image) */
    @Benchmark
    public GenerationResult generate() {
        return pipeline.generate(request);
    }

    /** Closes the pipeline. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
    }
}
