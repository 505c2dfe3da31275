package io.sdjava.djl.hires;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;

/**
 * A case of the {@code hires} index checked against its golden file: opens the file and a root manager named after
 * the case, lets the subclass record its stage checks, and returns their result.
 */
abstract class GoldenFileCase implements ConformanceCase {
    final HiresFixtures fixtures;
    final JsonNode spec;

    GoldenFileCase(HiresFixtures fixtures, JsonNode spec) {
        this.fixtures = fixtures;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "hires/" + spec.path("name").asText();
    }

    @Override
    public CaseResult run() throws Exception {
        try (StateDict golden = SafetensorsReader.open(fixtures.dir().resolve(spec.path("file").asText()));
                NDManager root = NDManager.newBaseManager()) {
            root.setName("conformance:" + id());
            GoldenChecks checks = new GoldenChecks(golden);
            check(spec.path("params"), golden, checks, root);
            return checks.result();
        }
    }

    /**
     * Records every stage's comparison in {@code checks}.
     *
     * @param p the case's parameters
     * @param golden the golden file
     * @param checks the comparisons so far
     * @param root the case's manager (closed after the case)
     * @throws Exception if a stage cannot run (reported by the runner as a failure)
     */
    abstract void check(JsonNode p, StateDict golden, GoldenChecks checks, NDManager root) throws Exception;
}
