package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.ModelLoadException;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden cases of the {@code networks} fixtures: LoRA-family merge math per layer and multiplier, the skipped and
 * failing files, and the full SD1.5 kohya-to-LDM name table.
 */
public final class NetworksConformanceArea implements ConformanceArea {
    /** The README's suggested tolerance for merged weights. */
    static final double MERGE_ATOL = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEBUG_KEY = Pattern.compile("'([^']+)': '[^']*'");

    @Override
    public String name() {
        return "networks";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        JsonNode index = readJson(dir.resolve("cases.json"));
        List<String> sd15Keys = inventoryKeys(fixturesRoot.resolve("models").resolve("sd15-keys.json"));
        NetworkKeyMapper mapper = new NetworkKeyMapper(sd15Keys);
        List<ConformanceCase> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = index.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            Path path = dir.resolve(file.getKey());
            JsonNode spec = file.getValue();
            if (!spec.path("a1111_load").asText().equals("ok")) {
                cases.add(ConformanceCase.of("refused/" + file.getKey(), () -> checkRefused(path, mapper, spec)));
                continue;
            }
            cases.add(ConformanceCase.of("unmatched/" + file.getKey(), () -> checkUnmatched(path, mapper, spec)));
            for (Iterator<Map.Entry<String, JsonNode>> layers = spec.path("layers").fields(); layers.hasNext(); ) {
                Map.Entry<String, JsonNode> layer = layers.next();
                for (JsonNode mult : spec.path("multipliers")) {
                    String id = "merge/" + file.getKey() + "/" + layer.getKey() + "/" + mult.path("suffix").asText();
                    cases.add(ConformanceCase.of(id, () -> checkMerge(dir, path, mapper, layer.getValue(), mult)));
                }
            }
        }
        Path tiDir = dir.resolve("textual_inversion");
        JsonNode ti = readJson(tiDir.resolve("ti_cases.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = ti.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            cases.add(ConformanceCase.of("textual_inversion/" + e.getKey(),
                    () -> EmbeddingChecks.check(tiDir, tiDir.resolve(e.getKey()), e.getValue())));
        }
        JsonNode table = readJson(dir.resolve("kohya_to_ldm_sd15.json"));
        for (JsonNode row : table) {
            cases.add(ConformanceCase.of("names/" + row.path("kohya").asText(), () -> checkName(mapper, row)));
        }
        return cases;
    }

    private static CaseResult checkMerge(Path dir, Path file, NetworkKeyMapper mapper, JsonNode layer, JsonNode mult) {
        String weightKey = layer.path("ldm_weight_key").asText();
        String fileName = file.getFileName().toString();
        try (LoraNetwork net = LoraNetwork.load(fileName, SafetensorsReader.open(file), mapper);
                StateDict goldens = SafetensorsReader.open(dir.resolve("goldens.safetensors"));
                NDManager m = NDManager.newBaseManager()) {
            NetworkModule module = net.modules().get(weightKey);
            if (module == null) {
                return CaseResult.fail("no module resolved to " + weightKey);
            }
            double expectedScale = layer.path("calc_scale").asDouble();
            if (Math.abs(module.calcScale() - expectedScale) > 1e-12) {
                return CaseResult.fail("scale " + module.calcScale() + ", expected " + expectedScale);
            }
            boolean te = layer.path("multiplier_source").asText().equals("te");
            if (module.target().isTextEncoder() != te) {
                return CaseResult.fail("multiplier source differs: text encoder = " + module.target().isTextEncoder());
            }
            NDArray original = goldens.toNDArray(fileName + "/" + weightKey + "/original", m);
            double multiplier = te ? mult.path("te").asDouble() : mult.path("unet").asDouble();
            NDArray merged = original.add(module.scaledDelta(m, original.getShape()).mul(multiplier));
            NDArray expected = goldens.toNDArray(fileName + "/" + weightKey + "/" + mult.path("suffix").asText(), m);
            return compare(merged, expected);
        }
    }

    static CaseResult compare(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            return CaseResult.fail("shape " + actual.getShape() + ", expected " + expected.getShape());
        }
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - e[i]));
        }
        return max <= MERGE_ATOL ? CaseResult.pass(max) : CaseResult.fail("max abs diff above " + MERGE_ATOL, max);
    }

    private static CaseResult checkUnmatched(Path file, NetworkKeyMapper mapper, JsonNode spec) {
        Set<String> expected = new LinkedHashSet<>();
        for (JsonNode line : spec.path("unmatched_keys_debug_log")) {
            Matcher m = DEBUG_KEY.matcher(line.asText());
            while (m.find()) {
                expected.add(m.group(1));
            }
        }
        try (LoraNetwork net = LoraNetwork.load(file.getFileName().toString(), SafetensorsReader.open(file), mapper)) {
            Set<String> actual = net.unmatchedKeys().keySet();
            if (!actual.equals(expected)) {
                return CaseResult.fail("unmatched keys " + actual + ", expected " + expected);
            }
            int layers = spec.path("layers").size();
            return net.modules().size() == layers ? CaseResult.pass()
                    : CaseResult.fail(net.modules().size() + " modules resolved, expected " + layers);
        }
    }

    private static CaseResult checkRefused(Path file, NetworkKeyMapper mapper, JsonNode spec) {
        try (LoraNetwork net = LoraNetwork.load(file.getFileName().toString(), SafetensorsReader.open(file), mapper)) {
            return CaseResult.fail("loaded " + net.modules().size() + " modules; the reference refuses the file: "
                    + spec.path("a1111_load").asText());
        } catch (ModelLoadException e) {
            String reference = spec.path("a1111_load").asText();
            int keysAt = reference.indexOf("accept those keys: ");
            String keys = keysAt < 0 ? "" : reference.substring(keysAt + "accept those keys: ".length());
            return e.getMessage().contains("accept those keys: " + keys) ? CaseResult.pass()
                    : CaseResult.fail("refused with a different message: " + e.getMessage());
        }
    }

    private static CaseResult checkName(NetworkKeyMapper mapper, JsonNode row) {
        Optional<NetworkKeyMapper.Target> t = mapper.resolve(row.path("kohya").asText());
        boolean resolved = row.path("resolved").asBoolean();
        if (t.isPresent() != resolved) {
            return CaseResult.fail("resolved = " + t.isPresent() + ", expected " + resolved);
        }
        if (!resolved) {
            return CaseResult.pass();
        }
        String layer = row.path("a1111_layer_name").asText();
        String key = row.path("ldm_weight_key").asText();
        if (!t.get().layerName().equals(layer) || !t.get().weightKey().equals(key)) {
            return CaseResult.fail("resolved to " + t.get() + ", expected " + layer + " / " + key);
        }
        return CaseResult.pass();
    }

    private static List<String> inventoryKeys(Path inventory) {
        List<String> keys = new ArrayList<>();
        for (JsonNode t : readJson(inventory).path("tensors")) {
            keys.add(t.path("name").asText());
        }
        return keys;
    }


    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture index " + file, e);
        }
    }

    static Shape shape(long... dims) {
        return new Shape(dims);
    }
}
