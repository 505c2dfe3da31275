package io.sdjava.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tagger} golden fixtures: for every case in {@code cases_index.json}, preprocessing (padded and resized
 * pixels exact, the 448 resize exact, input 1e-6), logits on the golden input (1e-4) and probabilities (2e-5), and
 * tag lists and prompt strings (names exact, scores 2e-5) under the extension and reference-app settings.
 */
public final class TaggerConformanceArea implements ConformanceArea {
    /** Creates the area (ServiceLoader). */
    public TaggerConformanceArea() {}

    @Override
    public String name() {
        return "tagger";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path area = fixturesRoot.resolve(name());
        Path index = area.resolve("cases_index.json");
        if (!Files.isRegularFile(index)) {
            throw new IllegalStateException("tagger fixture index not found: " + index);
        }
        JsonNode cases = WdTagger.readConfig(index).path("cases");
        if (!cases.isArray() || cases.isEmpty()) {
            throw new IllegalStateException(index + " lists no cases");
        }
        List<ConformanceCase> out = new ArrayList<>();
        for (JsonNode id : cases) {
            out.add(new TaggerCase(area, id.asText()));
        }
        return out;
    }
}
