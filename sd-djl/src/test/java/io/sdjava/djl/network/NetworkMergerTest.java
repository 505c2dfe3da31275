package io.sdjava.djl.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkMergerTest {
    private final Path dir = Fixtures.area("networks");
    private NDManager manager;
    private StateDict goldens;
    private final Map<String, NDArray> live = new HashMap<>();
    private final Map<String, float[]> originals = new HashMap<>();
    private NetworkKeyMapper mapper;
    private final java.util.Set<String> transposed = new java.util.HashSet<>();

    @BeforeEach
    void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        goldens = SafetensorsReader.open(dir.resolve("goldens.safetensors"));
        List<String> keys = new ArrayList<>();
        JsonNode inventory = new ObjectMapper().readTree(Fixtures.area("models").resolve("sd15-keys.json").toFile());
        inventory.path("tensors").forEach(t -> keys.add(t.path("name").asText()));
        mapper = new NetworkKeyMapper(keys);
        for (String k : goldens.keys()) {
            if (k.endsWith("/original")) {
                String ldm = k.substring(k.indexOf('/') + 1, k.length() - "/original".length());
                originals.putIfAbsent(ldm, goldens.toFloatArray(k));
                live.computeIfAbsent(ldm, x -> goldens.toNDArray(k, manager));
            }
        }
    }

    @AfterEach
    void tearDown() {
        goldens.close();
        manager.close();
    }

    private final MergeableWeights weights = new MergeableWeights() {
        @Override
        public Optional<Live> weight(String ldmKey) {
            NDArray a = live.get(ldmKey);
            return a == null ? Optional.empty() : Optional.of(new Live(a, transposed.contains(ldmKey)));
        }

        @Override
        public float[] original(String ldmKey) {
            return originals.get(ldmKey);
        }
    };

    private LoraNetwork load(String file) {
        return LoraNetwork.load(file, SafetensorsReader.open(dir.resolve(file)), mapper);
    }

    @Test
    void appliesInPlaceAndRestoresBitIdentically() {
        try (LoraNetwork net = load("lora_linear.safetensors")) {
            NetworkMerger merger = new NetworkMerger(weights);
            assertTrue(merger.apply(List.of(new NetworkMerger.Applied(net, 1.0, 0.6))));
            for (String key : net.modules().keySet()) {
                float[] expected = goldens.toFloatArray("lora_linear.safetensors/" + key + "/te1.0_unet0.6");
                float[] actual = live.get(key).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], NetworksConformanceArea.MERGE_ATOL, key);
                }
            }
            assertFalse(merger.apply(List.of(new NetworkMerger.Applied(net, 1.0, 0.6))), "same set is reused");
            merger.apply(List.of());
            for (String key : net.modules().keySet()) {
                assertArrayEquals(originals.get(key), live.get(key).toFloatArray(), key);
            }
        }
        assertEquals(live.size(), manager.getManagedArrays().size(), "scratch arrays must not accumulate");
    }

    @Test
    void mergesIntoTransposedLinearWeights() {
        try (LoraNetwork net = load("lora_linear.safetensors")) {
            String key = net.modules().keySet().stream()
                    .filter(k -> live.get(k).getShape().dimension() == 2).findFirst().orElseThrow();
            NDArray t = live.get(key).transpose();
            live.put(key, t);
            transposed.add(key);
            NetworkMerger merger = new NetworkMerger(weights);
            merger.apply(List.of(new NetworkMerger.Applied(net, 1.0, 1.0)));
            float[] expected = goldens.toFloatArray("lora_linear.safetensors/" + key + "/te1.0_unet1.0");
            float[] actual = t.transpose().toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], NetworksConformanceArea.MERGE_ATOL, key);
            }
            merger.restore();
            assertArrayEquals(originals.get(key), t.transpose().toFloatArray());
        }
    }

    @Test
    void stacksNetworksInOrder() {
        try (LoraNetwork a = load("lora_linear.safetensors"); LoraNetwork b = load("locon.safetensors")) {
            NetworkMerger merger = new NetworkMerger(weights);
            merger.apply(List.of(new NetworkMerger.Applied(a, 1.0, 1.0), new NetworkMerger.Applied(b, 1.0, 1.0)));
            for (String key : a.modules().keySet()) {
                if (!b.modules().containsKey(key)) {
                    continue;
                }
                float[] orig = originals.get(key);
                float[] ga = goldens.toFloatArray("lora_linear.safetensors/" + key + "/te1.0_unet1.0");
                float[] gb = goldens.toFloatArray("locon.safetensors/" + key + "/te1.0_unet1.0");
                float[] actual = live.get(key).toFloatArray();
                for (int i = 0; i < orig.length; i++) {
                    assertEquals(ga[i] + gb[i] - orig[i], actual[i], 3e-5, key);
                }
            }
            merger.restore();
        }
    }

    @Test
    void parsesTagArgumentsLikeA1111() {
        assertEquals(new NetworkActivation("x", 1.0, 1.0, null), NetworkActivation.parse(List.of("x")));
        assertEquals(new NetworkActivation("x", 0.7, 0.7, null), NetworkActivation.parse(List.of("x", "0.7")));
        assertEquals(new NetworkActivation("x", 1.0, 0.5, null), NetworkActivation.parse(List.of("x", "1", "0.5")));
        assertEquals(new NetworkActivation("x", 0.2, 0.9, 8), NetworkActivation.parse(List.of("x", "te=0.2", "unet=0.9", "dyn=8")));
    }
}
