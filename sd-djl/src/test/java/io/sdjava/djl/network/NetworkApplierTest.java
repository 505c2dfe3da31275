package io.sdjava.djl.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.InvalidRequestException;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.djl.prompt.ExtraNetworkTag;
import io.sdjava.djl.prompt.ExtraNetworks;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LoRA-family networks merged into the real tiny checkpoint, against the pipeline fixtures' merged weights. */
class NetworkApplierTest {
    private static final Path PIPELINE = Fixtures.area("pipeline");
    private static NDManager root;
    private static StableDiffusionModel model;
    private static NetworkApplier applier;
    private static SafetensorsReader merged;

    @BeforeAll
    static void load() {
        root = NDManager.newBaseManager();
        model = StableDiffusionModel.load(Fixtures.area("models").resolve("tiny-sd1.safetensors"), root);
        applier = new NetworkApplier(model, NetworkLibrary.scan(PIPELINE.resolve("lora")));
        merged = SafetensorsReader.open(PIPELINE.resolve("lora").resolve("merged_weights.safetensors"));
    }

    @AfterAll
    static void close() {
        applier.close();
        merged.close();
        model.close();
        root.close();
    }

    static Stream<String> caseIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (SafetensorsReader r = SafetensorsReader.open(PIPELINE.resolve("lora").resolve("merged_weights.safetensors"))) {
            r.keys().forEach(k -> {
                String id = k.substring(0, k.indexOf('/'));
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            });
        }
        return ids.stream();
    }

    private static String prompt(String caseId) throws Exception {
        JsonNode index = new ObjectMapper().readTree(PIPELINE.resolve("txt2img_cases.json").toFile());
        for (JsonNode c : index.path("cases")) {
            if (caseId.equals(c.path("id").asText(c.path("name").asText()))) {
                return c.path("request").path("prompt").asText();
            }
        }
        throw new AssertionError("no txt2img case " + caseId);
    }

    private static Map<String, float[]> expected(String caseId) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String k : merged.keys()) {
            if (k.startsWith(caseId + "/")) {
                out.put(k.substring(caseId.length() + 1), merged.toFloatArray(k));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseIds")
    void mergedWeightsMatchTheWebUi(String caseId) throws Exception {
        List<NetworkActivation> activations = new ArrayList<>();
        for (ExtraNetworkTag tag : ExtraNetworks.parse(prompt(caseId)).networks()) {
            if (tag.name().equals("lora")) {
                activations.add(NetworkActivation.parse(tag.items()));
            }
        }
        applier.apply(activations);
        for (Map.Entry<String, float[]> e : expected(caseId).entrySet()) {
            float[] actual = liveCheckpointLayout(e.getKey());
            assertEquals(e.getValue().length, actual.length, e.getKey());
            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs(actual[i] - e.getValue()[i]));
            }
            assertTrue(max <= NetworksConformanceArea.MERGE_ATOL, caseId + " " + e.getKey() + ": max abs diff " + max);
        }
    }

    @Test
    void restoringGivesTheCheckpointBitForBitAndUnknownNamesListCloseMatches() throws Exception {
        Map<String, float[]> original = expected("lora_none");
        applier.apply(List.of(NetworkActivation.parse(List.of("tiny_lora", "1"))));
        assertFalse(original.keySet().stream().allMatch(k -> java.util.Arrays.equals(original.get(k), liveCheckpointLayout(k))),
                "a LoRA must change some sampled weight");
        applier.apply(List.of());
        for (Map.Entry<String, float[]> e : original.entrySet()) {
            assertArrayEquals(e.getValue(), liveCheckpointLayout(e.getKey()), e.getKey());
        }
        InvalidRequestException ex = assertThrows(InvalidRequestException.class,
                () -> applier.apply(List.of(NetworkActivation.parse(List.of("tiny_lorra")))));
        assertTrue(ex.getMessage().contains("tiny_lora"), ex.getMessage());
    }

    private static float[] liveCheckpointLayout(String key) {
        var w = model.checkpointWeights().get(key);
        return (w.transposed() ? w.array().transpose() : w.array()).toFloatArray();
    }
}
