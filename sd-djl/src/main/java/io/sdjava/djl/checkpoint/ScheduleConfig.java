package io.sdjava.djl.checkpoint;

/**
 * The DDPM training schedule ({@code linear_start}, {@code linear_end}, {@code timesteps} of an LDM yaml).
 *
 * @param linearStart first beta (0.00085 for SD)
 * @param linearEnd last beta (0.012)
 * @param timesteps number of training timesteps (1000)
 */
public record ScheduleConfig(double linearStart, double linearEnd, int timesteps) {
    /** @return the SD schedule */
    public static ScheduleConfig sd() {
        return new ScheduleConfig(0.00085, 0.012, 1000);
    }

    /**
     * Computes {@code alphas_cumprod} as ldm does: {@code betas = linspace(sqrt(start), sqrt(end), n)^2} in
     * float64, then the cumulative product of {@code 1 - betas}, rounded to float32 (the stored buffer's type).
     *
     * @return alphas_cumprod, one per timestep
     */
    public double[] alphasCumprod() {
        double[] out = new double[timesteps];
        double a = Math.sqrt(linearStart);
        double b = Math.sqrt(linearEnd);
        double prod = 1.0;
        for (int i = 0; i < timesteps; i++) {
            double s = timesteps == 1 ? a : a + (b - a) * i / (timesteps - 1);
            prod *= 1.0 - s * s;
            out[i] = (float) prod;
        }
        return out;
    }
}
