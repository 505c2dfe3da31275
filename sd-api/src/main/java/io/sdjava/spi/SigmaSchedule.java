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
}
