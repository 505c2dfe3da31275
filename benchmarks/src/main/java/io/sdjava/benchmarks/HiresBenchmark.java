package io.sdjava.benchmarks;

import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.HiresFix;
import io.sdjava.Pipeline;
import io.sdjava.spi.conformance.Fixtures;
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
 * Hires. fix 512→1024 on the full-size SD 1.5 layout ({@link Sd15RandomCheckpoint}): {@code Pipeline.generate}
 * txt2img 512x512, Euler a, CFG 7, then the second pass at scale 2 with denoising 0.7 through the public API, once
 * per fork. Few steps (2 + 2) since the peak memory does not depend on the step count: what matters is the 128x128
 * latent UNet (16384-token self-attention), the 1024² VAE decode and, for "R-ESRGAN 4x+", the 512² → 2048² ESRGAN
 * pass (random full-size {@code RealESRGAN_x4plus} weights, {@link EsrganRandomWeights}) and the 1024² VAE encode.
 * {@code -p "upscaler=R-ESRGAN 4x+ Anime6B"} runs the same path with the 6-block model (same tile activations,
 * about a quarter of the ESRGAN time).
 *
 * <p>Each fork prints the peak resident set twice: after loading the pipeline, and of the generation alone (the
 * kernel's peak counter is reset between the two; the process peak is the larger of both).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HiresBenchmark -jvmArgs -Dsd.fixtures=...} (one
 * fork per upscaler, several minutes each on two cores).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HiresBenchmark {
    /** The hires upscaler: a latent mode or an ESRGAN model. */
    @Param({"Latent", "R-ESRGAN 4x+"})
    public String upscaler;

    /** Sampling steps of each pass. */
    @Param({"2"})
    public int steps;

    private Pipeline pipeline;
    private GenerationRequest request;

    /** Writes the random weights if needed, loads the pipeline and builds the request. */
    @Setup(Level.Trial)
    public void setUp() {
        EsrganRandomWeights.path("RealESRGAN_x4plus");
        EsrganRandomWeights.path("RealESRGAN_x4plus_anime_6B");
        pipeline = Pipeline.builder().checkpoint(Sd15RandomCheckpoint.path())
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14"))
                .upscalerDir(EsrganRandomWeights.modelsDir()).build();
        HiresFix hires = HiresFix.builder().enabled(true).upscaler(upscaler).scale(2).steps(steps)
                .denoisingStrength(0.7).build();
        request = pipeline.newRequest("a stone brick wall, moss, highly detailed").negativePrompt("blurry")
                .steps(steps).cfgScale(7).sampler("Euler a").size(512, 512).seed(7).hires(hires).build();
        PeakRss.report("after load, " + upscaler);
        PeakRss.reset();
    }

    /** @return the 1024x1024 result */
    @Benchmark
    public GenerationResult hires() {
        return pipeline.generate(request);
    }

    /** Reports the generation's peak RSS and closes the pipeline. */
    @TearDown(Level.Trial)
    public void tearDown() {
        PeakRss.report("generation, " + upscaler);
        pipeline.close();
    }
}
