package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every full-size inventory of the fixtures (real v3 nets, no weights) maps onto the model: the config built from
 * the inventory's architecture/model_args yields exactly its parameter names and shapes, and the loader's layout
 * check accepts a state dict with those tensors (in F32, F16 and BF16).
 */
class InventoryLayoutTest {
    static Stream<Path> inventories() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.area("tagger"))) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("inventory_.*\\.json")).sorted()
                    .toList();
            assertTrue(!found.isEmpty(), "no inventory_*.json in the tagger fixtures");
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("inventories")
    void inventoryMapsOntoModel(Path file) throws IOException {
        JsonNode inventory = new ObjectMapper().readTree(file.toFile());
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("architecture", inventory.path("architecture").asText());
        config.put("num_classes", inventory.path("num_classes").asInt());
        config.set("model_args", inventory.path("model_args"));
        Map<String, long[]> parameters = new LinkedHashMap<>();
        long total = 0;
        for (JsonNode t : inventory.path("tensors")) {
            long[] shape = new ObjectMapper().convertValue(t.path("shape"), long[].class);
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            total += n;
            if (t.path("is_parameter").asBoolean(true)) {
                parameters.put(t.path("name").asText(), shape);
            }
        }
        assertEquals(inventory.path("total_elements").asLong(), total, "inventory element count");

        NetSpec spec = NetSpec.fromConfig(config);
        Map<String, long[]> expected = spec.parameterShapes();
        assertEquals(new ArrayList<>(parameters.keySet()), new ArrayList<>(expected.keySet()), "names in order");
        for (TensorDType dtype : List.of(TensorDType.F32, TensorDType.F16, TensorDType.BF16)) {
            List<String> problems = TaggerNet.checkLayout(expected, new InventoryDict(inventory, dtype));
            assertEquals(List.of(), problems, dtype + " layout");
        }
    }

    /** A state dict of the inventory's tensors, header only. */
    private static final class InventoryDict implements StateDict {
        private final Map<String, TensorInfo> infos = new LinkedHashMap<>();

        InventoryDict(JsonNode inventory, TensorDType dtype) {
            for (JsonNode t : inventory.path("tensors")) {
                String name = t.path("name").asText();
                infos.put(name, new TensorInfo(name, dtype,
                        new ObjectMapper().convertValue(t.path("shape"), long[].class)));
            }
        }

        @Override
        public Path source() {
            return Path.of("inventory");
        }

        @Override
        public String format() {
            return "inventory";
        }

        @Override
        public List<String> keys() {
            return List.copyOf(infos.keySet());
        }

        @Override
        public boolean contains(String key) {
            return infos.containsKey(key);
        }

        @Override
        public TensorInfo info(String key) {
            return infos.get(key);
        }

        @Override
        public ByteBuffer data(String key) {
            throw new UnsupportedOperationException("header only");
        }

        @Override
        public Map<String, String> metadata() {
            return Map.of();
        }

        @Override
        public void close() {}
    }
}
