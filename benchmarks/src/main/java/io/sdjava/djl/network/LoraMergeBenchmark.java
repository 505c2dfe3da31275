package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.djl.checkpoint.StateDictWeights;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.SafetensorsWriter;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * Merging a kohya LoRA into a full-size SD 1.5 layout and restoring it, through {@link NetworkMerger} (the code
 * path a generation with a different {@code <lora:...>} set takes). The model is every layer a kohya LoRA targets
 * (the 192 UNet transformer linears and 1x1 {@code proj_in}/{@code proj_out} convs and the 72 text-encoder
 * q/k/v/out/fc1/fc2 linears: 264 layers, 352M values, shapes from {@code models/sd15-keys.json}) with random
 * values, written in {@code @Setup} as an F16 checkpoint (704 MB in a temporary folder, as released files store
 * them) and loaded with the model's {@link StateDictWeights} (float32; Linear weights as transposed {@code [in,
 * out]} views); restoring re-reads the checkpoint file, as the pipeline's {@code NetworkApplier} does. The LoRA file
 * (names from {@code networks/kohya_to_ldm_sd15.json}, random values, {@code alpha = rank / 2}) is written with
 * {@link SafetensorsWriter}. Nothing is downloaded.
 *
 * <ul>
 *   <li>{@code apply}: {@code NetworkMerger.apply} alone (the weights are restored after each call, untimed);
 *   <li>{@code applyAndRestore}: apply, then restore to the checkpoint values (the switch cost);
 *   <li>{@code loadNetwork}: open the file and resolve its 264 modules' names ({@code LoraNetwork.load}).
 * </ul>
 *
 * <p>Each fork also prints a {@code # cpu} line per benchmark: the process CPU time per operation, which depends
 * much less than the wall time on what else runs on a shared machine.
 *
 * <p>This class lives in {@code io.sdjava.djl.network} (in the benchmarks jar) to reach the package-private
 * merger without widening sd-djl's API. The fork needs about 1.5 GB of native memory and 2 GB of heap during
 * {@code @Setup}.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * LoraMergeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
public class LoraMergeBenchmark {
    /** LoRA rank (kohya {@code network_dim}). */
    @Param({"128"})
    public int rank;

    /** Stored dtype of the LoRA file: F16 as most released files, or F32. */
    @Param({"F16"})
    public String dtype;

    private Path dir;
    private Path checkpointFile;
    private Path file;
    private NDManager manager;
    private StateDict checkpoint;
    private final Map<String, MergeableWeights.Live> live = new HashMap<>();
    private NetworkKeyMapper mapper;
    private LoraNetwork network;
    private NetworkMerger merger;
    private List<NetworkMerger.Applied> wanted;

    /** Writes the random checkpoint and LoRA files and loads the checkpoint as the model does. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, long[]> shapes = new HashMap<>();
        for (JsonNode t : json.readTree(Fixtures.area("models").resolve("sd15-keys.json").toFile()).path("tensors")) {
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            shapes.put(t.path("name").asText(), shape);
        }
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode row : json.readTree(Fixtures.area("networks").resolve("kohya_to_ldm_sd15.json").toFile())) {
            if (isLoraTarget(row)) {
                targets.add(row);
            }
        }
        dir = Files.createTempDirectory("lora-bench");
        checkpointFile = dir.resolve("sd15-lora-targets.safetensors");
        file = dir.resolve("bench_lora.safetensors");
        SplittableRandom random = new SplittableRandom(42);
        writeCheckpoint(targets, shapes, random);
        writeLora(targets, shapes, random);
        manager = NDManager.newBaseManager();
        manager.setName("bench:sd15-lora-targets");
        checkpoint = SafetensorsReader.open(checkpointFile);
        StateDictWeights source = new StateDictWeights(checkpoint, manager);
        for (JsonNode row : targets) {
            String key = row.path("ldm_weight_key").asText();
            long[] shape = shapes.get(key);
            source.read(key, shape, shape.length == 2); // Linear: an [in, out] view, as the model holds it
        }
        source.finish();
        source.loaded().forEach((k, w) -> live.put(k, new MergeableWeights.Live(w.base(), false))); // as NetworkApplier
        mapper = new NetworkKeyMapper(shapes.keySet());
        network = LoraNetwork.load("bench_lora", SafetensorsReader.open(file), mapper);
        if (network.modules().size() != live.size() || !network.unmatchedKeys().isEmpty()) {
            throw new IllegalStateException("LoRA resolved " + network.modules().size() + " of " + live.size()
                    + " layers; unmatched: " + network.unmatchedKeys().keySet());
        }
        merger = new NetworkMerger(new CheckpointFileWeights());
        wanted = List.of(new NetworkMerger.Applied(network, 1.0, 0.8));
    }

    /** The modules kohya's {@code networks.lora} creates: linears and 1x1 convs in transformer blocks and CLIP. */
    private static boolean isLoraTarget(JsonNode row) {
        String kind = row.path("kind").asText();
        String kohya = row.path("kohya").asText();
        return row.path("resolved").asBoolean() && (kind.equals("linear") || kind.equals("conv1x1"))
                && (kohya.contains("_attentions_") || kohya.startsWith("lora_te_"));
    }

    /** The target layers as an F16 checkpoint (as released SD 1.5 files store them), values ~ U(±1/sqrt(fan_in)). */
    private void writeCheckpoint(List<JsonNode> targets, Map<String, long[]> shapes, SplittableRandom random) {
        SafetensorsWriter out = new SafetensorsWriter().metadata("format", "pt");
        for (JsonNode row : targets) {
            String key = row.path("ldm_weight_key").asText();
            long[] shape = shapes.get(key);
            out.tensor(key, TensorDType.F16, shape, uniform(random, numel(shape), 1 / Math.sqrt(shape[1])));
        }
        out.write(checkpointFile);
    }

    /** A kohya LoRA of every target layer: {@code lora_down [r, in(,1,1)]}, {@code lora_up [out, r(,1,1)]}, alpha. */
    private void writeLora(List<JsonNode> targets, Map<String, long[]> shapes, SplittableRandom random) {
        TensorDType stored = TensorDType.valueOf(dtype);
        SafetensorsWriter lora = new SafetensorsWriter()
                .metadata("ss_network_dim", Integer.toString(rank))
                .metadata("ss_network_alpha", Integer.toString(rank / 2));
        for (JsonNode row : targets) {
            long[] shape = shapes.get(row.path("ldm_weight_key").asText());
            long out = shape[0];
            long in = shape[1];
            long[] kernel = shape.length == 4 ? new long[] {1, 1} : new long[0];
            String module = row.path("kohya").asText();
            lora.tensor(module + ".lora_down.weight", stored, concat(new long[] {rank, in}, kernel),
                    uniform(random, rank * in, 1 / Math.sqrt(in)));
            lora.tensor(module + ".lora_up.weight", stored, concat(new long[] {out, rank}, kernel),
                    uniform(random, out * rank, 0.01));
            lora.tensor(module + ".alpha", stored, new long[0], new float[] {rank / 2f});
        }
        lora.write(file);
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static float[] uniform(SplittableRandom random, long n, double bound) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-bound, bound);
        }
        return v;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Process CPU time per operation (all threads: PyTorch's intra-op pool, GC, JIT), printed as a {@code # cpu} line
     * at the end of the trial. On a shared machine it says more than the wall time: the wall time grows with the
     * load, the CPU time much less.
     */
    @State(Scope.Thread)
    public static class CpuClock {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long startNanos;
        private long totalNanos;
        private long calls;
        LoraMergeBenchmark bench;

        /** @param bench the benchmark state (for the restore of {@code apply}) */
        @Setup(Level.Trial)
        public void bind(LoraMergeBenchmark bench) {
            this.bench = bench;
        }

        /** Marks the start of a call. */
        @Setup(Level.Invocation)
        public void mark() {
            startNanos = OS.getProcessCpuTime();
        }

        void record() {
            totalNanos += OS.getProcessCpuTime() - startNanos;
            calls++;
        }

        /** Prints the average. */
        @TearDown(Level.Trial)
        public void print() {
            System.out.printf("%n# cpu %.1f ms of process CPU time per operation over %d operations%n",
                    totalNanos / 1e6 / Math.max(1, calls), calls);
        }
    }

    /** The CPU clock of {@code apply}: stops the clock, then restores the weights, untimed. */
    @State(Scope.Thread)
    public static class ApplyClock extends CpuClock {
        /** Records the CPU time, then restores. */
        @TearDown(Level.Invocation)
        public void recordAndRestore() {
            record();
            bench.merger.restore();
        }
    }

    /** The CPU clock of {@code applyAndRestore}. */
    @State(Scope.Thread)
    public static class CycleClock extends CpuClock {
        /** Records the CPU time. */
        @TearDown(Level.Invocation)
        public void stop() {
            record();
        }
    }

    /**
     * @param clock measures CPU time and restores after the call, untimed
     * @return whether the weights changed (always true)
     */
    @Benchmark
    public boolean apply(ApplyClock clock) {
        return merger.apply(wanted);
    }

    /**
     * @param clock measures CPU time
     * @return whether the weights changed (always true)
     */
    @Benchmark
    public boolean applyAndRestore(CycleClock clock) {
        boolean changed = merger.apply(wanted);
        merger.restore();
        return changed;
    }

    /** @return the number of resolved modules */
    @Benchmark
    public int loadNetwork() {
        try (LoraNetwork n = LoraNetwork.load("bench_lora", SafetensorsReader.open(file), mapper)) {
            return n.modules().size();
        }
    }

    /** Frees the weights and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        merger.restore();
        network.close();
        checkpoint.close();
        manager.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(checkpointFile);
        Files.deleteIfExists(dir);
    }

    /** As the pipeline's weights: live arrays, originals re-read (and widened) from the checkpoint file. */
    private final class CheckpointFileWeights implements MergeableWeights {
        @Override
        public Optional<Live> weight(String ldmKey) {
            return Optional.ofNullable(live.get(ldmKey));
        }

        @Override
        public float[] original(String ldmKey) {
            return checkpoint.toFloatArray(ldmKey);
        }
    }
}
