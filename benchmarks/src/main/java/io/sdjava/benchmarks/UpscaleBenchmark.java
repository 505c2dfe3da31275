package io.sdjava.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.SdImage;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.conformance.Fixtures;
import io.sdjava.upscale.EsrganUpscalerProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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
 * ESRGAN upscaler throughput on full-size layouts (random weights generated from the shapes in
 * {@code upscale/inventory_full_size.json}), tiled at the WebUI defaults (192/8), through the public SPI. Output
 * megapixels per second = {@code (4·size)² / 1e6} divided by the reported seconds per operation.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -Dsd.fixtures=../shared/fixtures
 * -jar benchmarks/target/benchmarks.jar UpscaleBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class UpscaleBenchmark {
    /** Inventory entry (the released model's layout). */
    @Param({"RealESRGAN_x4plus", "RealESRGAN_x4plus_anime_6B"})
    public String model;

    /** Input edge in pixels (192 = exactly one default tile). */
    @Param({"192"})
    public int size;

    private Path dir;
    private Upscaler upscaler;
    private SdImage input;

    /** Writes random weights with the inventory's keys and shapes and loads them as "R-ESRGAN 4x+". */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        JsonNode inventory = new ObjectMapper()
                .readTree(Fixtures.area("upscale").resolve("inventory_full_size.json").toFile()).get(model);
        dir = Files.createTempDirectory("upscale-bench");
        Path file = dir.resolve("RealESRGAN").resolve("RealESRGAN_x4plus.safetensors");
        Files.createDirectories(file.getParent());
        writeRandomSafetensors(inventory.get("keys"), file, new Random(42));
        upscaler = new EsrganUpscalerProvider().create("R-ESRGAN 4x+", dir);
        byte[] rgb = new byte[size * size * 3];
        new Random(7).nextBytes(rgb);
        input = SdImage.fromRgb(size, size, rgb);
    }

    /** @return the x4 result */
    @Benchmark
    public SdImage upscale() {
        return upscaler.upscale(input, 4);
    }

    /** Frees the weights and deletes the temporary file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        upscaler.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void writeRandomSafetensors(JsonNode keys, Path file, Random random) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long[] shape = new long[e.getValue().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get(i).asLong();
            }
            shapes.put(e.getKey(), shape);
        }
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = 4 * java.util.Arrays.stream(e.getValue()).reduce(1, Math::multiplyExact);
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",")
                    .append("\"shape\":").append(java.util.Arrays.toString(e.getValue()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (long[] shape : shapes.values()) {
                long n = java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
                ByteBuffer buf = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < n; i++) {
                    buf.putFloat((float) (random.nextGaussian() * 0.02));
                }
                out.write(buf.array());
            }
        }
    }
}
