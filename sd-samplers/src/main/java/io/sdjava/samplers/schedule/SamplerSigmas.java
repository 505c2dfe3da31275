package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SigmaSchedule;
import java.util.Arrays;

/**
 * A1111's {@code KDiffusionSampler.get_sigmas}: builds the schedule for a sampler, with one extra step and the
 * next-to-last sigma removed when the sampler (DPM2, DPM2 a, DPM++ 3M SDE) or the option asks for it.
 */
public final class SamplerSigmas {
    private SamplerSigmas() {}

    /**
     * @param sampler the sampler
     * @param schedule the resolved schedule ("Automatic" already replaced)
     * @param steps the number of steps, at least 1
     * @param model the model's noise levels (for LCM: {@link LcmModelSigmas})
     * @param options the options
     * @return the sigmas to pass to {@link io.sdjava.spi.Sampler#sample}; for timestep samplers a uniform schedule
     *     whose length minus one is the step count they use
     * @throws IllegalArgumentException if steps is below 1
     */
    public static double[] compute(SamplerInfo sampler, SigmaSchedule schedule, int steps, ModelSigmas model,
            SamplerOptions options) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        boolean discard = sampler.discardPenultimateSigma() || options.discardPenultimateSigma();
        if (sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            // A1111 builds timesteps for one more step instead of discarding; samplers use only the length
            return model.uniformSigmas(discard ? steps + 1 : steps);
        }
        double[] sigmas = schedule.sigmas(discard ? steps + 1 : steps, model, options);
        if (discard) {
            double[] out = Arrays.copyOf(sigmas, sigmas.length - 1);
            out[out.length - 1] = sigmas[sigmas.length - 1];
            return out;
        }
        return sigmas;
    }

    /**
     * The factor A1111 multiplies the unit initial noise by: {@code sigmas[0]}, or {@code sqrt(1 + sigmas[0]^2)}
     * with the SGM noise multiplier; 1 for timestep samplers.
     *
     * @param sampler the sampler
     * @param sigmas the schedule
     * @param options the options
     * @return the scale
     */
    public static double initialNoiseScale(SamplerInfo sampler, double[] sigmas, SamplerOptions options) {
        if (sampler.kind() == SamplerInfo.Kind.TIMESTEPS) {
            return 1.0;
        }
        return options.sgmNoiseMultiplier() ? Math.sqrt(1.0 + sigmas[0] * sigmas[0]) : sigmas[0];
    }
}
