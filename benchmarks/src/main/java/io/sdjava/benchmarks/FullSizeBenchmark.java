package io.sdjava.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.djl.model.StableDiffusionModel;
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
 * The SD 1.5 workload at full size: a random-weight checkpoint with the real layout and F16 storage
 * ({@link Sd15RandomCheckpoint}), computed in float32 on the CPU with the engine's default intra-op threads (one
 * per core).
 *
 * <ul>
 *   <li>{@code unetStep}: one UNet forward for cond and uncond together (batch 2, 77 tokens), as every CFG
 *       sampling step does;</li>
 *   <li>{@code vaeDecode}: latents to an image;</li>
 *   <li>{@code load}: checkpoint file to a ready model (text encoder, UNet, VAE in float32);</li>
 *   <li>{@code txt2img}: {@code Pipeline.generate} with 20 Euler a steps, CFG 7, through the public API.</li>
 * </ul>
 * Each trial prints the process's peak resident set ({@code VmHWM}) when it ends, so a fork that runs one
 * {@code size} shows that size's peak memory; for {@code unetStep} and {@code vaeDecode} the peak is reset after
 * loading, so it is the forwards' own ({@code -p size=1024} for the Hires. fix size).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FullSizeBenchmark -f 2} (about 20 minutes when idle;
 * {@code FullSizeBenchmark.unetStep -p size=256} for one point). The first run writes the 2.1 GB checkpoint.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(2)
public class FullSizeBenchmark {
    /** The loaded model and random inputs of one image size. */
    @State(Scope.Benchmark)
    public static class Loaded {
        /** Image width and height in pixels. */
        @Param({"256", "512"})
        public int size;

        StableDiffusionModel model;
        NDManager root;
        NDArray latents;
        NDArray context;

        /** Loads the model and draws the inputs. */
        @Setup(Level.Trial)
        public void setUp() {
            root = NDManager.newBaseManager();
            root.setName("bench:full-size");
            model = StableDiffusionModel.load(Sd15RandomCheckpoint.path(), root);
            latents = root.randomNormal(new Shape(2, 4, size / 8, size / 8));
            context = root.randomNormal(new Shape(2, 77, 768));
            PeakRss.report("after load, size " + size);
            PeakRss.reset(); // the trial's report then shows the peak of the measured forwards alone
        }

        /** Frees everything and reports the peak RSS. */
        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
            root.close();
            PeakRss.report("size " + size);
        }
    }

    /** A pipeline over the random checkpoint, and a request of one size. */
    @State(Scope.Benchmark)
    public static class Generating {
        /** Image width and height in pixels. */
        @Param({"256", "512"})
        public int size;

        Pipeline pipeline;
        GenerationRequest request;

        /** Builds the pipeline (loads the model) and the request. */
        @Setup(Level.Trial)
        public void setUp() {
            pipeline = Pipeline.builder().checkpoint(Sd15RandomCheckpoint.path())
                    .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
            request = pipeline.newRequest("a stone brick wall, moss, (seamless texture:1.2), highly detailed")
                    .negativePrompt("blurry").steps(20).cfgScale(7).sampler("Euler a").size(size, size).seed(7)
                    .build();
        }

        /** Closes the pipeline and reports the peak RSS. */
        @TearDown(Level.Trial)
        public void tearDown() {
            pipeline.close();
            PeakRss.report("txt2img size " + size);
        }
    }

    /** A root manager for {@code load}. */
    @State(Scope.Benchmark)
    public static class Empty {
        NDManager root;
        Path file;

        /** Writes the checkpoint if needed. */
        @Setup(Level.Trial)
        public void setUp() {
            file = Sd15RandomCheckpoint.path();
            root = NDManager.newBaseManager();
        }

        /** Closes the manager. */
        @TearDown(Level.Trial)
        public void tearDown() {
            root.close();
            PeakRss.report("load");
        }
    }

    /**
     * @param s the model and inputs
     * @return a value of the prediction
     */
    @Benchmark
    public float unetStep(Loaded s) {
        try (NDManager step = s.root.newSubManager()) {
            NDArray x = s.latents.duplicate();
            x.attach(step);
            NDArray eps = s.model.unet().forward(x, new double[] {500.5, 500.5}, s.context);
            return eps.getFloat(0, 0, 0, 0);
        }
    }

    /**
     * @param s the model and inputs
     * @return a value of the image
     */
    @Benchmark
    public float vaeDecode(Loaded s) {
        try (NDManager step = s.root.newSubManager()) {
            NDArray z = s.latents.get("0:1").duplicate();
            z.attach(step);
            return s.model.vae().decode(z).getFloat(0, 0, 0, 0);
        }
    }

    /**
     * @param s the pipeline and request
     * @return the result
     */
    @Benchmark
    public GenerationResult txt2img(Generating s) {
        return s.pipeline.generate(s.request);
    }

    /**
     * @param s the root manager
     * @return the UNet's model channels
     */
    @Benchmark
    public int load(Empty s) {
        try (StableDiffusionModel model = StableDiffusionModel.load(s.file, s.root)) {
            return model.config().unet().modelChannels();
        }
    }
}
