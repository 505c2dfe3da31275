package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.InvalidRequestException;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.spi.SamplerRegistry;
import org.junit.jupiter.api.Test;

/** Name resolution over the built-in providers and a user provider found through ServiceLoader. */
class SamplerRegistryTest {
    private final SamplerRegistry registry = SamplerRegistry.load();

    @Test
    void resolvesDisplayNamesAliasesAndIdsCaseInsensitively() {
        assertEquals("dpmpp_2m", registry.sampler("DPM++ 2M").id());
        assertEquals("dpmpp_2m", registry.sampler("dpm++ 2m").id());
        assertEquals("dpmpp_2m", registry.sampler("k_dpmpp_2m").id());
        assertEquals("euler_a", registry.sampler("K_EULER_ANCESTRAL").id());
        assertEquals("dpmpp_2m_sde_heun", registry.sampler("DPM++ 2M SDE Heun").id());
        assertEquals("sgm_uniform", registry.schedule("SGMUniform").id());
        assertEquals("align_your_steps", registry.schedule("align your steps").id());
    }

    @Test
    void automaticIsTheSamplersDefault() {
        assertEquals("karras", registry.resolve("DPM++ 2M", "Automatic").schedule().id());
        assertEquals("exponential", registry.resolve("DPM++ 3M SDE", null).schedule().id());
        assertEquals("uniform", registry.resolve("Euler a", "automatic").schedule().id());
        assertEquals("beta", registry.resolve("Euler", "Beta").schedule().id());
    }

    @Test
    void legacyCombinedNames() {
        SamplerRegistry.Selection s = registry.resolve("DPM++ 2M Karras", "Automatic");
        assertEquals("dpmpp_2m", s.sampler().id());
        assertEquals("karras", s.schedule().id());
        SamplerRegistry.Selection sde = registry.resolve("DPM++ 2M SDE Exponential", null);
        assertEquals("dpmpp_2m_sde", sde.sampler().id());
        assertEquals("exponential", sde.schedule().id());
    }

    @Test
    void unknownNamesListTheValidOnes() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> registry.sampler("Euler b"));
        assertTrue(e.getMessage().contains("Euler a") && e.getMessage().contains("DPM++ 2M"), e.getMessage());
        InvalidRequestException s = assertThrows(InvalidRequestException.class, () -> registry.schedule("Bogus"));
        assertTrue(s.getMessage().contains("Karras") && s.getMessage().contains("Automatic"), s.getMessage());
    }

    @Test
    void userProvidersAreFoundThroughServiceLoader() {
        SamplerRegistry.Selection s = registry.resolve("my identity", "Automatic");
        assertEquals("my_identity", s.sampler().id());
        assertEquals("linear_sigma", s.schedule().id());
        assertSame(UserSamplerProvider.IDENTITY, registry.createSampler(s.sampler()));
        double[] sigmas = registry.createSchedule(registry.schedule("linear")).sigmas(3,
                DiscreteModelSigmas.stableDiffusion());
        assertEquals(4, sigmas.length);
        assertEquals("dpmpp_2m", registry.sampler("DPM++ 2M").id(), "built-ins still resolve");
    }
}
