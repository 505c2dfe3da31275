package io.sdjava.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.io.TensorDType;
import io.sdjava.spi.conformance.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A full-size SD 1.5 checkpoint with random weights, written once per machine from the fixture inventory
 * {@code models/sd15-keys.json} (1143 tensors, 1.07 billion parameters) as real released files are: every float
 * tensor stored as F16 (2.1 GB), {@code position_ids} as I64. Weights are drawn uniformly with the standard
 * deviation a freshly initialised layer has ({@code 1/sqrt(fan_in)}), norm scales are 1 and biases 0, so the
 * activations stay finite through every block; the schedule buffers hold SD's real scaled-linear schedule.
 *
 * <p>The file goes to {@code ${java.io.tmpdir}/sd-java-bench/} and is reused by later forks and runs (it is
 * rewritten when its size does not match). Set {@code -Dsd.bench.dir} to put it elsewhere.
 */
final class Sd15RandomCheckpoint {
    private static final String NAME = "sd15-random-f16.safetensors";

    private Sd15RandomCheckpoint() {}

    /**
     * @return the checkpoint file, written if missing
     */
    static synchronized Path path() {
        try {
            Path dir = Path.of(System.getProperty("sd.bench.dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "sd-java-bench").toString()));
            Files.createDirectories(dir);
            List<Tensor> tensors = inventory();
            byte[] header = header(tensors);
            long size = 8L + header.length + tensors.stream().mapToLong(Tensor::bytes).sum();
            Path file = dir.resolve(NAME);
            if (Files.isRegularFile(file) && Files.size(file) == size) {
                return file;
            }
            Path tmp = Files.createTempFile(dir, "sd15-", ".part");
            write(tmp, header, tensors);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tensor of a synthetic file: safetensors dtype name and shape. */
    record Tensor(String name, String dtype, long[] shape) {
        long count() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        long bytes() {
            return count() * TensorDType.valueOf(dtype).byteSize();
        }
    }

    /** @return the SD 1.5 inventory with float tensors as F16 and integers as I64, in file order */
    static List<Tensor> inventory() throws IOException {
        JsonNode json = new ObjectMapper().readTree(Fixtures.area("models").resolve("sd15-keys.json").toFile());
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode t : json.path("tensors")) {
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            String dtype = t.path("dtype").asText();
            tensors.add(new Tensor(t.path("name").asText(), dtype.equals("I64") ? "I64" : "F16", shape));
        }
        return tensors;
    }

    /**
     * @param tensors the tensors, stored back to back in this order
     * @return the 8-byte-aligned safetensors JSON header (without the length prefix)
     */
    static byte[] header(List<Tensor> tensors) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        long offset = 0;
        try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
            g.writeStartObject();
            g.writeObjectFieldStart("__metadata__");
            g.writeStringField("format", "pt");
            g.writeEndObject();
            for (Tensor t : tensors) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(offset + t.bytes());
                g.writeEndArray();
                g.writeEndObject();
                offset += t.bytes();
            }
            g.writeEndObject();
        }
        int padded = (json.size() + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json.toByteArray(), padded);
        Arrays.fill(header, json.size(), padded, (byte) ' ');
        return header;
    }

    private static void write(Path file, byte[] header, List<Tensor> tensors) throws IOException {
        SplittableRandom random = new SplittableRandom(1234);
        double[] schedule = alphasCumprod();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            out.write(ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                long n = t.count();
                double bound = Math.sqrt(3.0 / fanIn(t)); // uniform with std 1/sqrt(fan_in)
                for (long i = 0; i < n; i++) {
                    if (buf.remaining() < 8) {
                        flush(out, buf);
                    }
                    if (t.dtype().equals("I64")) {
                        buf.putLong(i % t.shape()[t.shape().length - 1]);
                    } else {
                        buf.putShort(toHalf((float) value(t, i, bound, schedule, random)));
                    }
                }
            }
            flush(out, buf);
        }
    }

    private static double value(Tensor t, long i, double bound, double[] alphasCumprod, SplittableRandom random) {
        String name = t.name();
        if (!name.contains(".")) { // a schedule buffer: only alphas_cumprod is read, the others keep their place
            return name.equals("alphas_cumprod") ? alphasCumprod[(int) i] : name.equals("betas")
                    ? 1 - alphasCumprod[(int) i] / (i == 0 ? 1 : alphasCumprod[(int) i - 1]) : 0;
        }
        if (name.endsWith(".bias") || name.endsWith("_bias")) {
            return 0;
        }
        if (t.shape().length == 1) { // norm scale
            return 1;
        }
        return (random.nextDouble() * 2 - 1) * bound;
    }

    private static long fanIn(Tensor t) {
        long fan = 1;
        for (int i = 1; i < t.shape().length; i++) {
            fan *= t.shape()[i];
        }
        return t.shape().length <= 1 ? 1 : t.shape().length == 2 && t.name().contains("embedding") ? 1 : fan;
    }

    /** SD's "scaled linear" beta schedule: betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2. */
    private static double[] alphasCumprod() {
        double[] a = new double[1000];
        double prod = 1;
        for (int i = 0; i < a.length; i++) {
            double s = Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) * i / 999.0;
            prod *= 1 - s * s;
            a[i] = prod;
        }
        return a;
    }

    /** IEEE binary16 bits of {@code f}, rounded to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float abs = Math.abs(f);
        if (Float.isNaN(f)) {
            return (short) 0x7e00;
        }
        if (abs >= 65520f) {
            return (short) (sign | 0x7c00);
        }
        if (abs < 6.103515625e-5f) { // subnormal half: a multiple of 2^-24
            return (short) (sign | Math.round(Math.rint(abs * 16777216.0)));
        }
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // carries into the exponent correctly
        }
        return (short) (sign | half);
    }

    private static void flush(FileChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }
}
