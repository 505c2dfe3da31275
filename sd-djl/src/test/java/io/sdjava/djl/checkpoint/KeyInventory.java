package io.sdjava.djl.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a {@code *-keys.json} tensor inventory of the models fixtures (name, shape, dtype; no weights). */
public final class KeyInventory {
    private KeyInventory() {}

    public static Map<String, TensorInfo> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (JsonNode t : root.path("tensors")) {
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            String name = t.path("name").asText();
            out.put(name, new TensorInfo(name, TensorDType.fromSafetensors(t.path("dtype").asText()), shape));
        }
        if (out.size() != root.path("count").asInt()) {
            throw new IOException(file + " lists " + out.size() + " tensors but says count " + root.path("count"));
        }
        return out;
    }
}
