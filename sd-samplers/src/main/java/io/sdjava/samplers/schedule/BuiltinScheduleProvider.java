package io.sdjava.samplers.schedule;

import io.sdjava.spi.ScheduleInfo;
import io.sdjava.spi.ScheduleProvider;
import io.sdjava.spi.SigmaSchedule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The schedules ("schedulers") of A1111 v1.10.1: Uniform, Karras, Exponential, Polyexponential, SGM Uniform,
 * KL Optimal, Align Your Steps, Simple, Normal, DDIM and Beta. ("Automatic" is resolved by
 * {@link io.sdjava.spi.SamplerRegistry} to the sampler's default.) Stateless and thread-safe.
 */
public final class BuiltinScheduleProvider implements ScheduleProvider {
    private static final List<ScheduleInfo> INFOS = List.of(
            new ScheduleInfo("uniform", "Uniform", List.of()),
            new ScheduleInfo("karras", "Karras", List.of()),
            new ScheduleInfo("exponential", "Exponential", List.of()),
            new ScheduleInfo("polyexponential", "Polyexponential", List.of()),
            new ScheduleInfo("sgm_uniform", "SGM Uniform", List.of("SGMUniform")),
            new ScheduleInfo("kl_optimal", "KL Optimal", List.of()),
            new ScheduleInfo("align_your_steps", "Align Your Steps", List.of()),
            new ScheduleInfo("simple", "Simple", List.of()),
            new ScheduleInfo("normal", "Normal", List.of()),
            new ScheduleInfo("ddim", "DDIM", List.of()),
            new ScheduleInfo("beta", "Beta", List.of()));

    private static final Map<String, Supplier<SigmaSchedule>> FACTORIES = Map.ofEntries(
            Map.entry("uniform", UniformSchedule::new),
            Map.entry("karras", KarrasSchedule::new),
            Map.entry("exponential", ExponentialSchedule::new),
            Map.entry("polyexponential", PolyexponentialSchedule::new),
            Map.entry("sgm_uniform", () -> new NormalSchedule(true)),
            Map.entry("kl_optimal", KlOptimalSchedule::new),
            Map.entry("align_your_steps", AlignYourStepsSchedule::new),
            Map.entry("simple", SimpleSchedule::new),
            Map.entry("normal", () -> new NormalSchedule(false)),
            Map.entry("ddim", DdimSchedule::new),
            Map.entry("beta", BetaSchedule::new));

    /** Creates the provider (ServiceLoader needs a public no-arg constructor). */
    public BuiltinScheduleProvider() {}

    @Override
    public List<ScheduleInfo> schedules() {
        return INFOS;
    }

    @Override
    public SigmaSchedule create(String id) {
        Supplier<SigmaSchedule> factory = FACTORIES.get(id.toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("unknown schedule id '" + id + "'; valid: "
                    + INFOS.stream().map(ScheduleInfo::id).collect(Collectors.joining(", ")));
        }
        return factory.get();
    }
}
