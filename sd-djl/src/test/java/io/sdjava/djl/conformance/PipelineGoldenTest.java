package io.sdjava.djl.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams every case of the {@code pipeline} area (conditioning, txt2img, and the models txt2img/img2img cases). */
class PipelineGoldenTest {
    static Stream<Named<ConformanceCase>> cases() {
        return new PipelineConformanceArea().cases(Fixtures.root()).stream().map(c -> Named.of(c.id(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(ConformanceCase c) throws Exception {
        CaseResult r = c.run();
        assertTrue(r.passed(), () -> c.id() + ": " + r.detail() + " (max abs diff " + r.maxAbsDiff() + ")");
    }
}
