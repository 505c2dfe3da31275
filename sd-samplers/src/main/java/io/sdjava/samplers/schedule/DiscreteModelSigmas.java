package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;

/**
 * The discrete noise levels of a DDPM-trained model (k-diffusion's {@code DiscreteSchedule}): built from the
 * model's {@code alphas_cumprod}, with {@code sigma_to_t} as log-linear interpolation (optionally quantized to the
 * nearest timestep) and {@code t_to_sigma} as its inverse. Immutable and thread-safe.
 */
public final class DiscreteModelSigmas implements ModelSigmas {
    private final double[] alphasCumprod;
    private final double[] sigmas;
    private final double[] logSigmas;

    /**
     * @param alphasCumprod the model's cumulative alpha products, one per training timestep (float32 values as
     *     stored in the checkpoint, widened); sigmas are computed from them in double precision
     */
    public DiscreteModelSigmas(double[] alphasCumprod) {
        if (alphasCumprod.length < 2) {
            throw new IllegalArgumentException("need at least 2 timesteps, got " + alphasCumprod.length);
        }
        this.alphasCumprod = alphasCumprod.clone();
        int n = alphasCumprod.length;
        sigmas = new double[n];
        logSigmas = new double[n];
        for (int i = 0; i < n; i++) {
            double ac = alphasCumprod[i];
            double s = Math.sqrt((1 - ac) / ac);
            sigmas[i] = s;
            logSigmas[i] = Math.log(s);
        }
    }

    /**
     * The Stable Diffusion 1.x/2.x training schedule: {@code betas = linspace(sqrt(start), sqrt(end), n)^2},
     * {@code alphas_cumprod = cumprod(1 - betas)}, all in float64 (a checkpoint's own float32 buffer differs by
     * float32 rounding; pass it to the constructor to reproduce A1111 with that checkpoint bit for bit).
     *
     * @param timesteps the number of training timesteps (1000)
     * @param betaStart the first beta (0.00085)
     * @param betaEnd the last beta (0.012)
     * @return the model sigmas
     */
    public static DiscreteModelSigmas scaledLinear(int timesteps, double betaStart, double betaEnd) {
        double[] ac = new double[timesteps];
        double a = Math.sqrt(betaStart);
        double b = Math.sqrt(betaEnd);
        double prod = 1;
        double step = (b - a) / (timesteps - 1);
        for (int i = 0; i < timesteps; i++) {
            double root = i < timesteps / 2 ? a + step * i : b - step * (timesteps - 1 - i);
            prod *= 1 - root * root;
            ac[i] = prod;
        }
        return new DiscreteModelSigmas(ac);
    }

    /** @return Stable Diffusion 1.x's schedule: {@code scaledLinear(1000, 0.00085, 0.012)} */
    public static DiscreteModelSigmas stableDiffusion() {
        return scaledLinear(1000, 0.00085, 0.012);
    }

    /** @return a copy of the alphas_cumprod table */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** @return a copy of the log-sigma table */
    public double[] logSigmas() {
        return logSigmas.clone();
    }

    @Override
    public double sigmaMin() {
        return sigmas[0];
    }

    @Override
    public double sigmaMax() {
        return sigmas[sigmas.length - 1];
    }

    @Override
    public double[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public double sigmaToT(double sigma) {
        return sigmaToT(sigma, false);
    }

    /**
     * @param sigma a noise level
     * @param quantize round to the nearest trained timestep (A1111 {@code enable_quantization})
     * @return the timestep
     */
    public double sigmaToT(double sigma, boolean quantize) {
        double logSigma = Math.log(sigma);
        if (quantize) {
            int best = 0;
            for (int i = 1; i < logSigmas.length; i++) {
                if (Math.abs(logSigma - logSigmas[i]) < Math.abs(logSigma - logSigmas[best])) {
                    best = i;
                }
            }
            return best;
        }
        int count = 0;
        for (double l : logSigmas) {
            if (logSigma - l >= 0) {
                count++;
            }
        }
        int low = Math.min(Math.max(count - 1, 0), logSigmas.length - 2);
        double lo = logSigmas[low];
        double hi = logSigmas[low + 1];
        double w = Math.min(Math.max((lo - logSigma) / (lo - hi), 0), 1);
        return (1 - w) * low + w * (low + 1);
    }

    @Override
    public double tToSigma(double t) {
        return interpolate(logSigmas, t);
    }

    static double interpolate(double[] logTable, double t) {
        int low = (int) Math.floor(t);
        int high = (int) Math.ceil(t);
        double w = t - low;
        return Math.exp((1 - w) * logTable[low] + w * logTable[high]);
    }
}
