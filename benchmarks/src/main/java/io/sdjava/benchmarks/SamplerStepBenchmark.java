package io.sdjava.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.samplers.BuiltinSamplerProvider;
import io.sdjava.samplers.CompVisDenoiser;
import io.sdjava.samplers.EpsModel;
import io.sdjava.samplers.schedule.BuiltinScheduleProvider;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.samplers.schedule.LcmModelSigmas;
import io.sdjava.samplers.schedule.SamplerSigmas;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.TimestepDenoiser;
import java.util.List;
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
 * A sampler's own overhead: one 20-step sampling run with a trivial analytic denoiser (data ~ N(0, 0.5^2)), so
 * the time is the sampler's tensor arithmetic and bookkeeping. Divide by the {@code nfe} aux counter (denoiser
 * evaluations per operation) for the overhead per evaluation: JMH reports that counter as time per evaluation.
 * The fork pins PyTorch to one intra-op thread: on a shared 2-core machine its thread pool otherwise stalls on
 * 64K-element ops and the 4x128x128 numbers vary by 100x.
 *
 * <p>Run: {@code mvn -B -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * SamplerStepBenchmark -p size=64}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class SamplerStepBenchmark {
    private static final int STEPS = 20;

    @Param({"euler_a", "euler", "lms", "heun", "dpm_2", "dpm_2_a", "dpmpp_2s_a", "dpmpp_2m", "dpmpp_sde",
        "dpmpp_2m_sde", "dpmpp_2m_sde_heun", "dpmpp_3m_sde", "dpm_fast", "dpm_adaptive", "restart", "lcm", "ddim",
        "ddim_cfgpp", "plms", "unipc"})
    public String sampler;

    /** Latent height and width (4 channels): 64 for 512 px, 128 for 1024 px. */
    @Param({"64", "128"})
    public int size;

    private NDManager manager;
    private Sampler instance;
    private double[] sigmas;
    private NDArray x;
    private Denoiser denoiser;
    private ModelSigmas modelSigmas;
    private Random random;
    private int evaluations;

    /** Evaluations per operation, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Denoiser evaluations. */
        public long nfe;
    }

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        SamplerRegistry registry = SamplerRegistry.of(List.of(new BuiltinSamplerProvider()),
                List.of(new BuiltinScheduleProvider()));
        SamplerInfo info = registry.sampler(sampler);
        DiscreteModelSigmas model = DiscreteModelSigmas.stableDiffusion();
        modelSigmas = info.id().equals("lcm") ? new LcmModelSigmas(model) : model;
        sigmas = SamplerSigmas.compute(info, registry.createSchedule(registry.resolve(sampler, null).schedule()),
                STEPS, modelSigmas, SamplerOptions.defaults());
        instance = registry.createSampler(info);
        random = new Random(42);
        x = gaussian().mul(SamplerSigmas.initialNoiseScale(info, sigmas, SamplerOptions.defaults()));
        EpsModel eps = (in, t) -> {
            double sig = model.tToSigma(t);
            return in.mul(Math.sqrt(1 + sig * sig) * sig / (0.25 + sig * sig));
        };
        Denoiser k = CompVisDenoiser.eps(eps, model, false);
        denoiser = new TimestepDenoiser() {
            @Override
            public EpsPrediction eps(NDArray in, double t, double multiplier) {
                evaluations++;
                NDArray e = eps.apply(in, t);
                return new EpsPrediction(e, e);
            }

            @Override
            public double[] alphasCumprod() {
                return model.alphasCumprod();
            }

            @Override
            public NDArray denoise(NDArray in, double sigma) {
                evaluations++;
                return k.denoise(in, sigma);
            }
        };
    }

    private NDArray gaussian() {
        Shape shape = new Shape(1, 4, size, size);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, shape);
    }

    @Benchmark
    public float sample(Counters counters) {
        try (NDManager run = manager.newSubManager()) {
            NDArray noise = gaussian();
            noise.attach(run);
            evaluations = 0;
            SamplingContext ctx = new SamplingContext(run, (s, n) -> noise.duplicate(), SamplerOptions.defaults(),
                    ProgressListener.NONE, CancellationToken.create(), modelSigmas, null);
            NDArray out = instance.sample(denoiser, x, sigmas, ctx);
            counters.nfe += evaluations;
            return out.getFloat(0, 0, 0, 0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
