package io.sdjava.testing;

import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerProvider;
import java.util.List;

/** Test-only samplers registered through META-INF/services: "DPM++ 2M" and "Euler a". */
public final class TestSamplerProvider implements SamplerProvider {
    @Override
    public List<SamplerInfo> samplers() {
        return List.of(
                new SamplerInfo("dpmpp_2m", "DPM++ 2M", List.of("k_dpmpp_2m"), "karras"),
                new SamplerInfo("euler_a", "Euler a", List.of("k_euler_a"), "normal"));
    }

    @Override
    public Sampler create(String id) {
        return (denoiser, x, sigmas, ctx) -> x;
    }
}
