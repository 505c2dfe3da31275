package io.sdjava.djl.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import io.sdjava.spi.conformance.Fixtures;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streams the {@code models} area's cases of the kinds implemented so far (component kinds: text encoder,
 * UNet, VAE decode/encode, on the F32 and F16 checkpoints). Pipeline kinds (cfg_step, txt2img, img2img,
 * denoiser_schedule) come with the pipeline.
 */
class ModelsGoldenTest {
    private static final Set<String> IMPLEMENTED = Set.of("text_encoder", "unet", "vae_decode", "vae_encode");

    static Stream<ConformanceCase> cases() {
        List<ConformanceCase> all = new ModelsConformanceArea().cases(Fixtures.root());
        return all.stream().filter(c -> IMPLEMENTED.contains(((ModelCase) c).kind()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(ConformanceCase c) throws Exception {
        CaseResult r = c.run();
        System.out.printf("models %-24s max|diff| %.3e %s%n", c.id(), r.maxAbsDiff(), r.passed() ? "" : r.detail());
        assertTrue(r.passed(), r.detail());
    }

    @Test
    void areaIsRegisteredAndReportsUnimplementedKinds() throws Exception {
        ConformanceArea area = ServiceLoader.load(ConformanceArea.class).stream().map(ServiceLoader.Provider::get)
                .filter(a -> a.name().equals("models")).findFirst().orElseThrow();
        List<ConformanceCase> all = area.cases(Fixtures.root());
        assertFalse(all.isEmpty());
        for (ConformanceCase c : all) {
            String kind = ((ModelCase) c).kind();
            if (!IMPLEMENTED.contains(kind)) {
                CaseResult r = c.run();
                assertFalse(r.passed());
                assertTrue(r.detail().contains("not implemented yet: kind " + kind), r.detail());
            }
        }
    }
}
