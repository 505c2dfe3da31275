package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of a valid file (seeded, reproducible): every one must end in a {@link ModelLoadException}
 * or in a file whose tensors can all be read. Any other exception or Error fails the test with the iteration's
 * mutation so it can be replayed.
 */
class SafetensorsFuzzTest {
    private static final long SEED = 20_261_125L;
    private static final int ITERATIONS = 2_000;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final String[] DTYPES = {"F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL",
        "F8_E4M3", "U64", "", "f32", "F32\\u0000"};
    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 255, 256, -1, -8,
        Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62};

    @TempDir
    Path dir;

    @Test
    void randomCorruptionsEndInModelLoadExceptionOrReadableTensors() throws IOException {
        byte[] valid = validFile();
        Random random = new Random(SEED);
        Path file = dir.resolve("fuzz.safetensors");
        int refused = 0;
        int opened = 0;
        List<String> failures = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int i = 0; i < ITERATIONS; i++) {
                StringBuilder what = new StringBuilder();
                byte[] corrupt = mutate(valid, random, what);
                if (random.nextInt(4) == 0) {
                    corrupt = mutate(corrupt, random, what.append(" + "));
                }
                Files.write(file, corrupt);
                try {
                    readEverything(file, manager);
                    opened++;
                } catch (ModelLoadException e) {
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                    refused++;
                } catch (Throwable t) { // anything else is a bug, Errors included
                    failures.add("iteration " + i + " (" + what + "): " + t);
                }
            }
        }
        System.out.printf("safetensors fuzz: %d corruptions refused, %d still readable%n", refused, opened);
        assertEquals(List.of(), failures);
        assertEquals(ITERATIONS, refused + opened);
        assertTrue(refused > ITERATIONS / 2, "only " + refused + " corruptions were detected");
        assertTrue(opened > 0, "no corruption left a readable file; the fuzzer is too coarse");
    }

    private static void readEverything(Path file, NDManager manager) {
        try (SafetensorsReader sd = SafetensorsReader.open(file); NDManager scope = manager.newSubManager()) {
            sd.metadata().forEach((k, v) -> k.length());
            for (String key : sd.keys()) {
                TensorInfo info = sd.info(key);
                assertEquals(info.byteSize(), sd.data(key).remaining());
                assertEquals(info.numel(), sd.toFloatArray(key).length);
                sd.toNDArray(key, scope);
            }
        }
    }

    static byte[] validFile() {
        Random r = new Random(1);
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt").metadata("modelspec.title", "fuzz");
        long[][] shapes = {{2, 3}, {4}, {}, {1, 2, 2}, {0, 3}};
        int k = 0;
        for (TensorDType dtype : TensorDType.values()) {
            long[] shape = shapes[k++ % shapes.length];
            int n = (int) new TensorInfo("x", dtype, shape).numel();
            byte[] data = new byte[n * dtype.byteSize()];
            r.nextBytes(data);
            w.tensor("model." + dtype.label() + ".weight", dtype, shape, data);
        }
        return w.toBytes();
    }

    private static byte[] mutate(byte[] in, Random r, StringBuilder what) {
        int headerEnd = (int) Math.min(in.length, 8 + Math.max(0, Math.min(in.length,
                in.length >= 8 ? ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).getLong(0) : 0)));
        switch (r.nextInt(7)) {
            case 0 -> {
                int len = r.nextInt(in.length + 1);
                what.append("truncate to ").append(len);
                return Arrays.copyOf(in, len);
            }
            case 1 -> {
                byte[] out = in.clone();
                int flips = 1 + r.nextInt(4);
                what.append("flip");
                for (int f = 0; f < flips && headerEnd > 0; f++) {
                    int pos = r.nextInt(headerEnd);
                    int bit = r.nextInt(8);
                    out[pos] ^= (byte) (1 << bit);
                    what.append(' ').append(pos).append(':').append(bit);
                }
                return out;
            }
            case 2 -> {
                byte[] out = in.clone();
                String alphabet = "{}[]\",:0123456789-eE. \\u\u00ff\u0000";
                int pos = headerEnd > 8 ? 8 + r.nextInt(headerEnd - 8) : 0;
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                out[Math.min(pos, out.length - 1)] = (byte) c;
                what.append("set header byte ").append(pos).append(" to ").append((int) c);
                return out;
            }
            case 3 -> {
                return rewriteNumber(in, headerEnd, r, what);
            }
            case 4 -> {
                byte[] out = in.clone();
                long len = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextLong();
                if (r.nextBoolean()) {
                    len = headerEnd - 8 + r.nextInt(17) - 8;
                }
                if (out.length >= 8) {
                    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len);
                }
                what.append("header length ").append(len);
                return out;
            }
            case 5 -> {
                return rewriteHeader(in, headerEnd, r, what, h -> {
                    String from = DTYPES[r.nextInt(10)];
                    String to = DTYPES[r.nextInt(DTYPES.length)];
                    what.append("dtype ").append(from).append("->").append(to);
                    return h.replaceFirst("\"" + from + "\"", "\"" + to + "\"");
                });
            }
            default -> {
                int delta = r.nextInt(64) - 32;
                what.append("resize data by ").append(delta);
                return Arrays.copyOf(in, Math.max(0, in.length + delta));
            }
        }
    }

    /** Replaces one number of the header (an offset, a dimension, a length) and fixes the length prefix. */
    private static byte[] rewriteNumber(byte[] in, int headerEnd, Random r, StringBuilder what) {
        return rewriteHeader(in, headerEnd, r, what, h -> {
            Matcher m = NUMBER.matcher(h);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return h;
            }
            int[] s = spans.get(r.nextInt(spans.size()));
            long old = Long.parseLong(h.substring(s[0], s[1]).length() > 18 ? "0" : h.substring(s[0], s[1]));
            long v = switch (r.nextInt(3)) {
                case 0 -> INTERESTING[r.nextInt(INTERESTING.length)];
                case 1 -> old + r.nextInt(17) - 8;
                default -> r.nextInt(1 << 12);
            };
            String text = r.nextInt(20) == 0 ? v + "99999999999999999999" : Long.toString(v);
            what.append("number at ").append(s[0]).append(' ').append(old).append("->").append(text);
            return h.substring(0, s[0]) + text + h.substring(s[1]);
        });
    }

    private static byte[] rewriteHeader(byte[] in, int headerEnd, Random r, StringBuilder what,
            java.util.function.UnaryOperator<String> edit) {
        if (headerEnd <= 8) {
            what.append("(no header)");
            return in;
        }
        String header = new String(in, 8, headerEnd - 8, StandardCharsets.UTF_8);
        byte[] edited = edit.apply(header).getBytes(StandardCharsets.UTF_8);
        boolean fixLength = r.nextInt(4) != 0;
        ByteBuffer out = ByteBuffer.allocate(8 + edited.length + in.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(fixLength ? edited.length : headerEnd - 8).put(edited).put(in, headerEnd, in.length - headerEnd);
        if (!fixLength) {
            what.append(" (stale length)");
        }
        return out.array();
    }
}
