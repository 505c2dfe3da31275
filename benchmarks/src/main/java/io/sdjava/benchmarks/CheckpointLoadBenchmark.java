package io.sdjava.benchmarks;

import ai.djl.ndarray.NDManager;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

/**
 * Opening checkpoints: {@code load} is {@link StableDiffusionModel#load(Path, NDManager)} of a tiny fixture
 * checkpoint (file → text encoder, UNet and VAE weights in float32) followed by freeing the weights;
 * {@code validateHeader} is {@link SafetensorsReader#open} + close of a large synthetic file, which reads and
 * validates the JSON header against the file size (no tensor data is touched). The synthetic files are sparse, so
 * they take no disk space: {@code sd15-f16} has the full SD 1.5 layout of {@code models/sd15-keys.json} (1143
 * tensors, 2.1 GB as F16), {@code many-100k} has 100,000 small tensors (an ~8 MB header).
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * CheckpointLoadBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
public class CheckpointLoadBenchmark {
    /** A fixture checkpoint and the manager the weights load under. */
    @State(Scope.Benchmark)
    public static class Checkpoint {
        /** File in the {@code models} fixture folder. */
        @Param({"tiny-sd1.safetensors", "tiny-sd1-fp16.safetensors", "tiny-sd1.ckpt"})
        public String file;

        private Path path;
        private NDManager root;

        /** Opens the root manager. */
        @Setup(Level.Trial)
        public void setUp() {
            path = Fixtures.area("models").resolve(file);
            root = NDManager.newBaseManager();
            root.setName("bench:checkpoint-load");
        }

        /** Closes the root manager. */
        @TearDown(Level.Trial)
        public void tearDown() {
            root.close();
        }
    }

    /** A sparse synthetic safetensors file. */
    @State(Scope.Benchmark)
    public static class LargeFile {
        /** {@code sd15-f16} (full SD 1.5 layout) or {@code many-100k} (100,000 tensors of 4x4 F32). */
        @Param({"sd15-f16", "many-100k"})
        public String layout;

        private Path dir;
        private Path path;

        /** Writes the header and extends the file to its full (sparse) size. */
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            List<Sd15RandomCheckpoint.Tensor> tensors = new ArrayList<>();
            if (layout.equals("sd15-f16")) {
                tensors.addAll(Sd15RandomCheckpoint.inventory());
            } else if (layout.equals("many-100k")) {
                for (int i = 0; i < 100_000; i++) {
                    tensors.add(new Sd15RandomCheckpoint.Tensor("block." + i + ".weight", "F32", new long[] {4, 4}));
                }
            } else {
                throw new IllegalArgumentException("layout " + layout + ": expected sd15-f16 or many-100k");
            }
            dir = Files.createTempDirectory("header-bench");
            path = dir.resolve(layout + ".safetensors");
            writeSparse(path, tensors);
        }

        /** Deletes the file. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * @param c the checkpoint
     * @return the UNet's model channels (keeps the load from being optimised away)
     */
    @Benchmark
    public int load(Checkpoint c) {
        try (StableDiffusionModel model = StableDiffusionModel.load(c.path, c.root)) {
            return model.config().unet().modelChannels();
        }
    }

    /**
     * @param f the synthetic file
     * @return the tensor count
     */
    @Benchmark
    public int validateHeader(LargeFile f) {
        try (SafetensorsReader reader = SafetensorsReader.open(f.path)) {
            return reader.keys().size();
        }
    }

    private static void writeSparse(Path path, List<Sd15RandomCheckpoint.Tensor> tensors) throws IOException {
        byte[] header = Sd15RandomCheckpoint.header(tensors);
        long data = tensors.stream().mapToLong(Sd15RandomCheckpoint.Tensor::bytes).sum();
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            out.setLength(8L + header.length + data);
        }
    }
}
