package io.sdjava.djl.hires;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams every case of {@code hires/cases.json} through {@link HiresConformanceArea}. */
class HiresGoldenTest {
    static Stream<ConformanceCase> cases() {
        return new HiresConformanceArea().cases(Fixtures.root()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(ConformanceCase c) throws Exception {
        CaseResult r = c.run();
        System.out.printf("%-50s max|diff| %.3e %s%n", c.id(), r.maxAbsDiff(), r.detail());
        assertTrue(r.passed(), r.detail());
    }

    @Test
    void areaIsRegistered() {
        ConformanceArea area = ServiceLoader.load(ConformanceArea.class).stream().map(ServiceLoader.Provider::get)
                .filter(a -> a.name().equals("hires")).findFirst().orElseThrow();
        assertFalse(area.cases(Fixtures.root()).isEmpty());
    }
}
