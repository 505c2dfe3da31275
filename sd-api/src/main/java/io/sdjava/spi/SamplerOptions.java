package io.sdjava.spi;

/**
 * Sampler options as A1111 exposes them. {@link #defaults()} gives A1111's defaults.
 *
 * @param eta ancestral noise multiplier; {@code NaN} means "the sampler's own default"
 * @param sChurn k-diffusion {@code s_churn}
 * @param sTmin k-diffusion {@code s_tmin}
 * @param sTmax k-diffusion {@code s_tmax}
 * @param sNoise k-diffusion {@code s_noise}
 */
public record SamplerOptions(double eta, double sChurn, double sTmin, double sTmax, double sNoise) {
    /** @return A1111's defaults: eta from the sampler, s_churn 0, s_tmin 0, s_tmax infinity, s_noise 1 */
    public static SamplerOptions defaults() {
        return new SamplerOptions(Double.NaN, 0.0, 0.0, Double.POSITIVE_INFINITY, 1.0);
    }
}
