package io.sdjava.samplers.schedule;

import io.sdjava.spi.ModelSigmas;

/**
 * A1111's {@code LCMCompVisDenoiser} noise table: 50 of the model's timesteps ({@code 19, 39, ..., 999}),
 * with {@code sigma_to_t} mapping to the nearest of them. Immutable and thread-safe.
 */
public final class LcmModelSigmas implements ModelSigmas {
    /** LCM's original number of timesteps. */
    public static final int ORIGINAL_TIMESTEPS = 50;

    private final int skipSteps;
    private final double[] sigmas;
    private final double[] logSigmas;

    /** @param model the model's full discrete table */
    public LcmModelSigmas(DiscreteModelSigmas model) {
        double[] full = model.sigmas();
        skipSteps = full.length / ORIGINAL_TIMESTEPS;
        sigmas = new double[ORIGINAL_TIMESTEPS];
        logSigmas = new double[ORIGINAL_TIMESTEPS];
        double[] ac = model.alphasCumprod();
        for (int x = 0; x < ORIGINAL_TIMESTEPS; x++) {
            int k = ORIGINAL_TIMESTEPS - 1 - x;
            // A1111 builds this table as float32 (torch.zeros(dtype=float32)) and derives sigmas in float32
            float a = (float) ac[ac.length - 1 - x * skipSteps];
            float sigma = (float) Math.sqrt((1f - a) / a);
            sigmas[k] = sigma;
            logSigmas[k] = (float) Math.log(sigma);
        }
    }

    /** @return the stride between the table's timesteps (20) */
    public int skipSteps() {
        return skipSteps;
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

    /** @return the discrete model timestep nearest to {@code sigma}: {@code argmin * 20 + 19} */
    @Override
    public double sigmaToT(double sigma) {
        float logSigma = (float) Math.log((float) sigma);
        int best = 0;
        float bestDist = Math.abs(logSigma - (float) logSigmas[0]);
        for (int i = 1; i < logSigmas.length; i++) {
            float dist = Math.abs(logSigma - (float) logSigmas[i]);
            if (dist < bestDist) {
                best = i;
                bestDist = dist;
            }
        }
        return best * skipSteps + (skipSteps - 1);
    }

    @Override
    public double tToSigma(double timestep) {
        double t = (float) ((timestep - (skipSteps - 1)) / skipSteps);
        float ft = (float) Math.min(Math.max(t, 0), sigmas.length - 1);
        int low = (int) Math.floor(ft);
        int high = (int) Math.ceil(ft);
        float w = ft - low;
        float logSigma = (1 - w) * (float) logSigmas[low] + w * (float) logSigmas[high];
        return (float) Math.exp(logSigma);
    }

    @Override
    public double[] uniformSigmas(int n) {
        double start = sigmaToT(sigmaMax());
        double end = sigmaToT(sigmaMin());
        double[] t = Linspace.of(start, end, n);
        double[] out = new double[n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = tToSigma(t[i]);
        }
        return out;
    }
}
