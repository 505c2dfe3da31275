package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams every case of the {@code tagger} fixtures through {@link TaggerConformanceArea}. */
class TaggerGoldenTest {
    static Stream<Arguments> cases() {
        Fixtures.area("tagger");
        return new TaggerConformanceArea().cases(Fixtures.root()).stream()
                .map(c -> Arguments.of(Named.of(c.id(), c)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesFixture(ConformanceCase c) throws Exception {
        CaseResult result = c.run();
        System.out.printf("tagger %s: passed=%s maxAbsDiff=%.3g%n", c.id(), result.passed(), result.maxAbsDiff());
        assertTrue(result.passed(), result.detail());
    }
}
