package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams every case of the {@code upscale} fixture area through the shared conformance code. */
class UpscaleGoldenTest {
    static Stream<Arguments> cases() {
        List<ConformanceCase> cases = new UpscaleConformance().cases(Fixtures.root());
        assertFalse(cases.isEmpty(), "no upscale cases found");
        return cases.stream().map(c -> Arguments.of(c.id(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(String id, ConformanceCase c) throws Exception {
        CaseResult result = c.run();
        assertTrue(result.passed(), id + ": " + result.detail());
    }

    @Test
    void areaIsRegistered() {
        assertTrue(ServiceLoader.load(ConformanceArea.class).stream()
                .anyMatch(p -> p.get().name().equals(UpscaleConformance.AREA)));
    }
}
