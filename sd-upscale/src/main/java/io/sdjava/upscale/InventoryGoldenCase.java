package io.sdjava.upscale;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detects the layout and architecture of a full-size key/shape inventory (no weights): every tensor must be
 * mapped to a canonical name with the shape the architecture implies, the hyperparameters and the loader's
 * report (scale, input channels, size multiple) must match, and so must the parameter count.
 */
record InventoryGoldenCase(String id, JsonNode inventory, String keySet) implements ConformanceCase {
    @Override
    public CaseResult run() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inventory.get(keySet).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long[] shape = new long[e.getValue().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get(i).asLong();
            }
            shapes.put(e.getKey(), shape);
        }
        EsrganKeyLayout layout = EsrganKeyLayout.detect(shapes);
        RrdbArchitecture arch = layout.architecture();
        List<String> problems = new ArrayList<>(ArchitectureCheck.mismatches(arch, inventory.get("hyperparameters"),
                inventory.get("spandrel_detected")));
        List<String> names = RrdbNet.canonicalNames(arch);
        long params = 0;
        for (String name : names) {
            long[] actual = shapes.get(layout.sourceKey(name));
            long[] expected = ExpectedShapes.of(name, arch);
            if (!Arrays.equals(actual, expected)) {
                problems.add(name + " shape " + Arrays.toString(actual) + " != " + Arrays.toString(expected));
            }
            params += Arrays.stream(expected).reduce(1, Math::multiplyExact);
        }
        if (names.size() != shapes.size()) {
            problems.add(shapes.size() + " tensors in the file but " + names.size() + " mapped");
        }
        if (inventory.has("num_params") && inventory.get("num_params").asLong() != params) {
            problems.add("num_params " + inventory.get("num_params").asLong() + " != " + params);
        }
        return problems.isEmpty() ? CaseResult.pass(0) : CaseResult.fail(layout.kind() + ": "
                + String.join("; ", problems));
    }
}
