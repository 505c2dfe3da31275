package io.sdjava.samplers;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.samplers.noise.BrownianNoiseSampler;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerInfo.Kind;
import io.sdjava.spi.SamplerInfo.Noise;
import io.sdjava.spi.SamplerProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The samplers of A1111 v1.10.1 with their display names, aliases ({@code k_*} and k-diffusion function names),
 * default schedules and noise needs. Samplers are stateless and thread-safe.
 */
public final class BuiltinSamplerProvider implements SamplerProvider {
    private static final List<SamplerInfo> INFOS = List.of(
            info("dpmpp_2m", "DPM++ 2M", "karras", Kind.SIGMAS, Noise.NONE, false, "k_dpmpp_2m", "sample_dpmpp_2m"),
            info("dpmpp_sde", "DPM++ SDE", "karras", Kind.SIGMAS, Noise.BROWNIAN, false, "k_dpmpp_sde",
                    "sample_dpmpp_sde"),
            info("dpmpp_2m_sde", "DPM++ 2M SDE", "exponential", Kind.SIGMAS, Noise.BROWNIAN, false, "k_dpmpp_2m_sde",
                    "sample_dpmpp_2m_sde"),
            info("dpmpp_2m_sde_heun", "DPM++ 2M SDE Heun", "exponential", Kind.SIGMAS, Noise.BROWNIAN, false,
                    "k_dpmpp_2m_sde_heun"),
            info("dpmpp_2s_a", "DPM++ 2S a", "karras", Kind.SIGMAS, Noise.GENERATOR, false, "k_dpmpp_2s_a",
                    "sample_dpmpp_2s_ancestral"),
            info("dpmpp_3m_sde", "DPM++ 3M SDE", "exponential", Kind.SIGMAS, Noise.BROWNIAN, true, "k_dpmpp_3m_sde",
                    "sample_dpmpp_3m_sde"),
            info("euler_a", "Euler a", "uniform", Kind.SIGMAS, Noise.GENERATOR, false, "k_euler_a", "k_euler_ancestral",
                    "sample_euler_ancestral"),
            info("euler", "Euler", "uniform", Kind.SIGMAS, Noise.GENERATOR, false, "k_euler", "sample_euler"),
            info("lms", "LMS", "uniform", Kind.SIGMAS, Noise.NONE, false, "k_lms", "sample_lms"),
            info("heun", "Heun", "uniform", Kind.SIGMAS, Noise.GENERATOR, false, "k_heun", "sample_heun"),
            info("dpm_2", "DPM2", "karras", Kind.SIGMAS, Noise.GENERATOR, true, "k_dpm_2", "sample_dpm_2"),
            info("dpm_2_a", "DPM2 a", "karras", Kind.SIGMAS, Noise.GENERATOR, true, "k_dpm_2_a",
                    "sample_dpm_2_ancestral"),
            info("dpm_fast", "DPM fast", "uniform", Kind.MODEL_RANGE, Noise.GENERATOR, false, "k_dpm_fast",
                    "sample_dpm_fast"),
            info("dpm_adaptive", "DPM adaptive", "uniform", Kind.MODEL_RANGE, Noise.GENERATOR, false, "k_dpm_ad",
                    "sample_dpm_adaptive"),
            info("restart", "Restart", "karras", Kind.SIGMAS, Noise.GENERATOR, false),
            info("ddim", "DDIM", "uniform", Kind.TIMESTEPS, Noise.GENERATOR, false),
            info("ddim_cfgpp", "DDIM CFG++", "uniform", Kind.TIMESTEPS, Noise.GENERATOR, false),
            info("plms", "PLMS", "uniform", Kind.TIMESTEPS, Noise.NONE, false),
            info("unipc", "UniPC", "uniform", Kind.TIMESTEPS, Noise.NONE, false),
            info("lcm", "LCM", "uniform", Kind.SIGMAS, Noise.GENERATOR, false, "k_lcm", "sample_lcm"));

    private static final Map<String, Supplier<Sampler>> FACTORIES = Map.ofEntries(
            Map.entry("dpmpp_2m", DpmPp2MSampler::new),
            Map.entry("dpmpp_sde", DpmPpSdeSampler::new),
            Map.entry("dpmpp_2m_sde", () -> new DpmPpMultistepSdeSampler(DpmPpMultistepSdeSampler.Method.MIDPOINT)),
            Map.entry("dpmpp_2m_sde_heun", () -> new DpmPpMultistepSdeSampler(DpmPpMultistepSdeSampler.Method.HEUN)),
            Map.entry("dpmpp_2s_a", () -> new AncestralSampler(AncestralSampler.Method.DPMPP_2S)),
            Map.entry("dpmpp_3m_sde", () -> new DpmPpMultistepSdeSampler(DpmPpMultistepSdeSampler.Method.THIRD_ORDER)),
            Map.entry("euler_a", () -> new AncestralSampler(AncestralSampler.Method.EULER)),
            Map.entry("euler", () -> new EulerSampler(EulerSampler.Method.EULER)),
            Map.entry("lms", LmsSampler::new),
            Map.entry("heun", () -> new EulerSampler(EulerSampler.Method.HEUN)),
            Map.entry("dpm_2", () -> new EulerSampler(EulerSampler.Method.DPM2)),
            Map.entry("dpm_2_a", () -> new AncestralSampler(AncestralSampler.Method.DPM2)),
            Map.entry("dpm_fast", DpmFastSampler::new),
            Map.entry("dpm_adaptive", DpmAdaptiveSampler::new),
            Map.entry("restart", RestartSampler::new),
            Map.entry("ddim", () -> new DdimSampler(false)),
            Map.entry("ddim_cfgpp", () -> new DdimSampler(true)),
            Map.entry("plms", PlmsSampler::new),
            Map.entry("unipc", UniPcSampler::new),
            Map.entry("lcm", LcmSampler::new));

    /** Creates the provider (ServiceLoader needs a public no-arg constructor). */
    public BuiltinSamplerProvider() {}

    private static SamplerInfo info(String id, String name, String schedule, Kind kind, Noise noise, boolean discard,
            String... aliases) {
        return new SamplerInfo(id, name, List.of(aliases), schedule, kind, noise, discard);
    }

    @Override
    public List<SamplerInfo> samplers() {
        return INFOS;
    }

    @Override
    public Sampler create(String id) {
        Supplier<Sampler> factory = FACTORIES.get(id.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("unknown sampler id '" + id + "'; valid: "
                    + INFOS.stream().map(SamplerInfo::id).collect(Collectors.joining(", ")));
        }
        return factory.get();
    }

    /** Per-image seeded Brownian paths ({@link BrownianNoiseSampler#perImage}); not bit-identical to torchsde. */
    @Override
    public NoiseSampler createBrownianNoise(NDManager manager, Shape latentShape, double sigmaMin, double sigmaMax,
            long[] seeds) {
        return BrownianNoiseSampler.perImage(manager, latentShape, sigmaMin, sigmaMax, seeds);
    }
}
