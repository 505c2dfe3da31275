package io.sdjava.djl.rng;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.RngSource;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Golden cases of the {@code rng} fixtures: torch CPU and Philox {@code randn} streams, A1111's {@code ImageRNG}
 * calls (initial and sampler noise) and {@code slerp}. Tolerances are the README's: exact for raw streams and noise
 * without variation seed, {@value #SLERP_ATOL} for anything through slerp.
 */
public final class RngConformanceArea implements ConformanceArea {
    /** The README's suggested tolerance for anything computed through slerp (float32 vs float64 arithmetic). */
    static final double SLERP_ATOL = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENSORS = "rng.safetensors";

    @Override
    public String name() {
        return "rng";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        JsonNode index;
        try {
            index = JSON.readTree(dir.resolve("rng_index.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rng index in " + dir, e);
        }
        Path tensors = dir.resolve(TENSORS);
        Map<String, Map<Integer, int[]>> drawShapes = drawShapes(index.path("cases"));
        List<ConformanceCase> cases = new ArrayList<>();
        for (JsonNode c : index.path("cases")) {
            String kind = c.path("kind").asText();
            String tensor = c.path("tensor").asText();
            switch (kind) {
                case "cpu_randn", "nv_randn" -> cases.add(ConformanceCase.of(tensor,
                        () -> checkRandn(tensors, c, drawShapes.get(streamKey(c)))));
                case "image_rng" -> cases.add(ConformanceCase.of(tensor, () -> checkImageRng(tensors, c)));
                case "slerp" -> cases.add(ConformanceCase.of(tensor, () -> checkSlerp(tensors, c)));
                case "slerp_input" -> { } // inputs of the slerp cases, nothing to check
                default -> cases.add(ConformanceCase.of(tensor, () -> CaseResult.fail("unknown case kind '" + kind + "'")));
            }
        }
        return cases;
    }

    /** Shapes of every draw of each generator stream, so a draw can replay the calls before it. */
    private static Map<String, Map<Integer, int[]>> drawShapes(JsonNode cases) {
        Map<String, Map<Integer, int[]>> out = new HashMap<>();
        for (JsonNode c : cases) {
            String kind = c.path("kind").asText();
            if (kind.equals("cpu_randn") || kind.equals("nv_randn")) {
                out.computeIfAbsent(streamKey(c), k -> new HashMap<>())
                        .put(c.path("draw").asInt(), ints(c.path("shape")));
            }
        }
        return out;
    }

    private static String streamKey(JsonNode c) {
        String tensor = c.path("tensor").asText();
        int slash = tensor.lastIndexOf('/');
        return slash < 0 ? tensor : tensor.substring(0, slash);
    }

    private static CaseResult checkRandn(Path tensors, JsonNode c, Map<Integer, int[]> shapes) {
        RngSource source = c.path("kind").asText().equals("cpu_randn") ? RngSource.CPU : RngSource.NV;
        int[] shape = ints(c.path("shape"));
        int draw = c.path("draw").asInt();
        NormalGenerator g = NormalGenerator.create(source, c.path("seed").asLong());
        float[] actual = null;
        for (int k = 0; k <= draw; k++) {
            // a call not listed in the index is taken to have the same shape as the checked one
            int[] callShape = k == draw ? shape : shapes.getOrDefault(k, shape);
            actual = g.randn(NormalGenerator.numel(callShape));
        }
        return compare(tensors, c.path("tensor").asText(), actual, 0.0);
    }

    private static CaseResult checkImageRng(Path tensors, JsonNode c) {
        int[] shape = ints(c.path("shape"));
        NoiseSpec spec = NoiseSpec.builder()
                .source(RngSourceNames.parse(c.path("randn_source").asText()))
                .seeds(longs(c.path("seeds")))
                .subseeds(longs(c.path("subseeds")))
                .subseedStrength(c.path("subseed_strength").asDouble())
                .seedResizeFrom(c.path("seed_resize_from_w").asInt(), c.path("seed_resize_from_h").asInt())
                .etaNoiseSeedDelta(c.path("eta_noise_seed_delta").asLong())
                .channels(shape[1])
                .size(c.path("width").asInt(), c.path("height").asInt())
                .build();
        long[] expectedShape = Arrays.stream(shape).asLongStream().toArray();
        ImageRng rng = ImageRng.create(spec);
        if (!Arrays.equals(rng.batchShape(), expectedShape)) {
            return CaseResult.fail("batch shape " + Arrays.toString(rng.batchShape()) + ", expected "
                    + Arrays.toString(shape));
        }
        float[][] images = null;
        for (int k = 0; k <= c.path("call").asInt(); k++) {
            images = rng.nextImages();
        }
        int per = images[0].length;
        float[] actual = new float[per * images.length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, actual, i * per, per);
        }
        double atol = spec.subseedStrength() != 0 ? SLERP_ATOL : 0.0;
        return compare(tensors, c.path("tensor").asText(), actual, atol);
    }

    private static CaseResult checkSlerp(Path tensors, JsonNode c) {
        float[] low = read(tensors, c.path("low").asText());
        float[] high = read(tensors, c.path("high").asText());
        int[] shape = ints(c.path("shape"));
        float[] actual = Slerp.slerp(c.path("val").asDouble(), low, high, shape[0], shape[1]);
        return compare(tensors, c.path("tensor").asText(), actual, SLERP_ATOL);
    }

    private static CaseResult compare(Path tensors, String name, float[] actual, double atol) {
        float[] expected = read(tensors, name);
        if (expected.length != actual.length) {
            return CaseResult.fail(name + ": " + actual.length + " values, expected " + expected.length);
        }
        double max = 0;
        int worst = -1;
        int over = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= atol)) {
                over++;
            }
            if (d > max || Double.isNaN(d)) {
                max = d;
                worst = i;
            }
        }
        if (over > 0) {
            return CaseResult.fail(name + ": " + over + " of " + expected.length + " values differ by more than "
                    + atol + "; worst at flat index " + worst + ": " + actual[worst] + " vs " + expected[worst], max);
        }
        return CaseResult.pass(max);
    }

    private static float[] read(Path file, String name) {
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            TensorInfo info = reader.info(name);
            if (info.dtype() != TensorDType.F32) {
                throw new IllegalStateException("fixture tensor " + name + " is " + info.dtype() + ", expected F32");
            }
            FloatBuffer fb = reader.data(name).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

}
