package io.sdjava.djl.conditioning;

import io.sdjava.spi.ModelSigmas;

/**
 * k-diffusion's {@code DiscreteSchedule} for a DDPM-trained model, computed in float32 as k-diffusion does
 * with the model's float32 {@code alphas_cumprod}: {@code sigmas = sqrt((1 - ac) / ac)}, log-linear
 * {@code sigma_to_t} and {@code t_to_sigma}. Immutable and thread-safe.
 */
public final class DiscreteSigmas implements ModelSigmas {
    private final float[] sigmas;
    private final float[] logSigmas;
    private final double[] alphasCumprod;

    /**
     * @param alphasCumprod the model's cumulative alpha products, one per training timestep
     */
    public DiscreteSigmas(double[] alphasCumprod) {
        if (alphasCumprod.length < 2) {
            throw new IllegalArgumentException("need at least 2 timesteps, got " + alphasCumprod.length);
        }
        this.alphasCumprod = alphasCumprod.clone();
        int n = alphasCumprod.length;
        sigmas = new float[n];
        logSigmas = new float[n];
        for (int i = 0; i < n; i++) {
            float ac = (float) alphasCumprod[i];
            float s = (float) Math.sqrt((1f - ac) / ac);
            sigmas[i] = s;
            logSigmas[i] = (float) Math.log(s);
        }
    }

    /** @return the alphas_cumprod table this was built from */
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
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
        double[] out = new double[sigmas.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sigmas[i];
        }
        return out;
    }

    @Override
    public double sigmaToT(double sigma) {
        float logSigma = (float) Math.log((float) sigma);
        int count = 0;
        for (float l : logSigmas) {
            if (logSigma - l >= 0) {
                count++;
            }
        }
        int low = Math.min(Math.max(count - 1, 0), logSigmas.length - 2);
        float lo = logSigmas[low];
        float hi = logSigmas[low + 1];
        float w = Math.min(Math.max((lo - logSigma) / (lo - hi), 0f), 1f);
        return (1f - w) * low + w * (low + 1);
    }

    /**
     * @param sigma a noise level
     * @return the nearest trained timestep (A1111 {@code enable_quantization})
     */
    public int sigmaToNearestT(double sigma) {
        float logSigma = (float) Math.log((float) sigma);
        int best = 0;
        for (int i = 1; i < logSigmas.length; i++) {
            if (Math.abs(logSigma - logSigmas[i]) < Math.abs(logSigma - logSigmas[best])) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public double tToSigma(double t) {
        float tf = (float) t;
        int low = (int) Math.floor(tf);
        int high = (int) Math.ceil(tf);
        float w = tf - low;
        float logSigma = (1f - w) * logSigmas[low] + w * logSigmas[high];
        return (float) Math.exp(logSigma);
    }

    @Override
    public double[] uniformSigmas(int n) {
        float tMax = sigmas.length - 1;
        double[] out = new double[n + 1];
        for (int i = 0; i < n; i++) {
            out[i] = tToSigma(linspace(tMax, 0f, n, i));
        }
        return out;
    }

    /** torch.linspace(start, end, steps)[i] in float32 (both halves computed from their own end). */
    static float linspace(float start, float end, int steps, int i) {
        if (steps == 1) {
            return start;
        }
        float step = (end - start) / (steps - 1);
        int half = steps / 2;
        return i < half ? start + step * i : end - step * (steps - i - 1);
    }
}
