package io.sdjava.upscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code upscale} golden area: per model of {@code cases.json}, one network case per weights file (raw
 * output, atol 1e-5, plus the detected architecture), one case per image case (the WebUI's 8-bit path, ±1), and
 * per inventory of {@code inventory_full_size.json} one detection case for the new-arch and one for the old
 * ESRGAN keys.
 */
public final class UpscaleConformance implements ConformanceArea {
    static final String AREA = "upscale";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the area (ServiceLoader constructor). */
    public UpscaleConformance() {}

    @Override
    public String name() {
        return AREA;
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(AREA);
        List<ConformanceCase> cases = new ArrayList<>();
        JsonNode index = readJson(dir.resolve("cases.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = index.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            JsonNode spec = model.getValue();
            if (!spec.has("files")) {
                continue;
            }
            for (Iterator<JsonNode> files = spec.get("files").elements(); files.hasNext(); ) {
                Path weights = dir.resolve(files.next().asText());
                cases.add(new NetworkGoldenCase(model.getKey() + "/" + weights.getFileName() + "/network", dir,
                        weights, spec));
            }
            JsonNode images = spec.path("tensor_case").path("images");
            for (Iterator<Map.Entry<String, JsonNode>> im = images.fields(); im.hasNext(); ) {
                Map.Entry<String, JsonNode> image = im.next();
                cases.add(new ImageGoldenCase(model.getKey() + "/image/" + image.getKey(), dir,
                        imageModelFile(dir, spec), image.getValue()));
            }
        }
        JsonNode inventory = readJson(dir.resolve("inventory_full_size.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = inventory.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> inv = it.next();
            for (String keySet : List.of("keys", "old_esrgan_keys")) {
                if (inv.getValue().has(keySet)) {
                    cases.add(new InventoryGoldenCase("inventory/" + inv.getKey() + "/" + keySet, inv.getValue(),
                            keySet));
                }
            }
        }
        return List.copyOf(cases);
    }

    /** The image path does not depend on the container: prefer the safetensors file of the model. */
    private static Path imageModelFile(Path dir, JsonNode spec) {
        JsonNode files = spec.get("files");
        if (files.has("safetensors")) {
            return dir.resolve(files.get("safetensors").asText());
        }
        return dir.resolve(files.elements().next().asText());
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture index " + file, e);
        }
    }
}
