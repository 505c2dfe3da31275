package io.sdjava.samplers;

import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerProvider;
import io.sdjava.spi.ScheduleInfo;
import io.sdjava.spi.ScheduleProvider;
import io.sdjava.spi.SigmaSchedule;
import java.util.List;

/** A user-supplied sampler and schedule, registered through test-scope META-INF/services. */
public final class UserSamplerProvider implements SamplerProvider {
    /** The user's sampler: returns its input. */
    static final Sampler IDENTITY = (denoiser, x, sigmas, ctx) -> x.duplicate();

    /** Needed by ServiceLoader. */
    public UserSamplerProvider() {}

    @Override
    public List<SamplerInfo> samplers() {
        return List.of(new SamplerInfo("my_identity", "My Identity", List.of("k_mine"), "linear_sigma"));
    }

    @Override
    public Sampler create(String id) {
        return IDENTITY;
    }

    /** A user-supplied schedule: sigmas linear from max to min, then 0. */
    public static final class Schedules implements ScheduleProvider {
        /** Needed by ServiceLoader. */
        public Schedules() {}

        @Override
        public List<ScheduleInfo> schedules() {
            return List.of(new ScheduleInfo("linear_sigma", "Linear Sigma", List.of("linear")));
        }

        @Override
        public SigmaSchedule create(String id) {
            return (steps, model) -> {
                double[] out = new double[steps + 1];
                for (int i = 0; i < steps; i++) {
                    out[i] = model.sigmaMax() + (model.sigmaMin() - model.sigmaMax()) * i / Math.max(1, steps - 1);
                }
                return out;
            };
        }
    }
}
