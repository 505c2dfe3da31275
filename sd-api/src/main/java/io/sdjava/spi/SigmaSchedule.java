package io.sdjava.spi;

/** A scheduler (Karras, Exponential, ...): turns a step count into a descending list of sigmas. */
@FunctionalInterface
public interface SigmaSchedule {
    /**
     * @param steps the number of sampling steps, at least 1
     * @param model the model's trained noise levels
     * @return {@code steps + 1} sigmas, descending, normally ending with 0
     */
    double[] sigmas(int steps, ModelSigmas model);

    /**
     * Builds the schedule with A1111's schedule options (sigma range and rho overrides, Beta parameters, old
     * Karras range). The default ignores the options.
     *
     * @param steps the number of sampling steps, at least 1
     * @param model the model's trained noise levels
     * @param options the options
     * @return the sigmas
     */
    default double[] sigmas(int steps, ModelSigmas model, SamplerOptions options) {
        return sigmas(steps, model);
    }
}
