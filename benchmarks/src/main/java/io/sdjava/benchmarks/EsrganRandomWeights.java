package io.sdjava.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Full-size Real-ESRGAN weights with random values, written once per machine from the key and shape inventory
 * {@code upscale/inventory_full_size.json} (e.g. {@code RealESRGAN_x4plus}: 702 tensors, 16.7 M parameters) as
 * {@code <dir>/RealESRGAN/<model>.safetensors} in float32, so the WebUI names ("R-ESRGAN 4x+",
 * "R-ESRGAN 4x+ Anime6B") find them with {@code <dir>} as the upscaler models folder. Conv weights are uniform with
 * the standard deviation of a fresh layer ({@code 1/sqrt(fan_in)}), biases 0.
 *
 * <p>The directory is {@code ${java.io.tmpdir}/sd-java-bench} (or {@code -Dsd.bench.dir}); a file whose size
 * matches the inventory is reused.
 */
final class EsrganRandomWeights {
    private EsrganRandomWeights() {}

    /** @return the upscaler models folder the weights are written under */
    static Path modelsDir() {
        return Path.of(System.getProperty("sd.bench.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "sd-java-bench").toString()));
    }

    /**
     * @param model an inventory entry, e.g. {@code RealESRGAN_x4plus} or {@code RealESRGAN_x4plus_anime_6B}
     * @return the weights file, written if missing
     */
    static synchronized Path path(String model) {
        try {
            JsonNode inventory = new ObjectMapper()
                    .readTree(Fixtures.area("upscale").resolve("inventory_full_size.json").toFile()).get(model);
            if (inventory == null) {
                throw new IllegalArgumentException("no inventory entry '" + model + "'");
            }
            Map<String, long[]> shapes = shapes(inventory.get("keys"));
            byte[] header = header(shapes);
            long size = 8L + header.length + shapes.values().stream().mapToLong(s -> 4 * count(s)).sum();
            Path file = modelsDir().resolve("RealESRGAN").resolve(model + ".safetensors");
            if (Files.isRegularFile(file) && Files.size(file) == size) {
                return file;
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), model, ".part");
            write(tmp, header, shapes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, long[]> shapes(JsonNode keys) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long[] shape = new long[e.getValue().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get(i).asLong();
            }
            shapes.put(e.getKey(), shape);
        }
        return shapes;
    }

    private static long count(long[] shape) {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    private static byte[] header(Map<String, long[]> shapes) {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = 4 * count(e.getValue());
            json.append(json.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",")
                    .append("\"shape\":").append(Arrays.toString(e.getValue()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path file, byte[] header, Map<String, long[]> shapes) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            out.write(ByteBuffer.wrap(header));
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                long[] shape = e.getValue();
                long fanIn = shape.length <= 1 ? 1 : count(shape) / shape[0];
                double bound = e.getKey().endsWith(".bias") ? 0 : Math.sqrt(3.0 / fanIn);
                ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(4 * count(shape))).order(ByteOrder.LITTLE_ENDIAN);
                while (buf.hasRemaining()) {
                    buf.putFloat((float) ((random.nextDouble() * 2 - 1) * bound));
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
        }
    }
}
