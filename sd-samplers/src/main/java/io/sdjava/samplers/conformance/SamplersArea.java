package io.sdjava.samplers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code samplers} golden area: every case of {@code samplers/cases/index.json} runs the sampler and schedule
 * through this module with the fixtures' analytic model and recorded noise, and compares the final latent.
 */
public final class SamplersArea implements ConformanceArea {
    /** Creates the area (ServiceLoader needs a public no-arg constructor). */
    public SamplersArea() {}

    @Override
    public String name() {
        return "samplers";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name()).resolve("cases");
        try {
            JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
            List<ConformanceCase> cases = new ArrayList<>();
            for (JsonNode c : index.get("cases")) {
                cases.add(new SamplerCase(dir, c));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("index.json"), e);
        }
    }
}
