package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.samplers.conformance.SamplersArea;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams every case of the {@code samplers} fixture area through the shared conformance code. */
class SamplersGoldenTest {
    static Stream<Arguments> cases() {
        return new SamplersArea().cases(Fixtures.root()).stream().map(c -> Arguments.of(Named.of(c.id(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesA1111(ConformanceCase c) throws Exception {
        CaseResult result = c.run();
        assertTrue(result.passed(), c.id() + ": " + result.detail());
    }
}
