package io.sdjava.samplers.comparison;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.TimestepDenoiser;
import java.util.Random;

/**
 * A sampling problem with a closed-form answer: data {@code x0 ~ N(mu, s^2)} per element, whose optimal denoiser
 * is {@code D(x, sigma) = (s^2 x + sigma^2 mu) / (s^2 + sigma^2)} and whose probability-flow ODE has the exact
 * solution {@code x(sigma) = mu + (x_T - mu) sqrt(s^2 + sigma^2) / sqrt(s^2 + sigma_T^2)}.
 */
final class GaussianProblem {
    static final double S = 0.5;

    private final DiscreteModelSigmas model;
    private final NDArray mu;
    private final Shape shape;
    private int evaluations;

    GaussianProblem(NDManager manager, DiscreteModelSigmas model, Shape shape, long seed) {
        this.model = model;
        this.shape = shape;
        this.mu = gaussian(manager, shape, new Random(seed));
    }

    static NDArray gaussian(NDManager manager, Shape shape, Random random) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, shape);
    }

    NDArray mu() {
        return mu;
    }

    int evaluations() {
        return evaluations;
    }

    NDArray denoised(NDArray x, double sigma) {
        evaluations++;
        double w = sigma * sigma / (S * S + sigma * sigma);
        return x.mul(1 - w).add(mu.mul(w));
    }

    /** @return the exact ODE solution at {@code sigma} from {@code xT} at {@code sigmaT} (k-diffusion scaling) */
    NDArray exact(NDArray xT, double sigmaT, double sigma) {
        double f = Math.sqrt(S * S + sigma * sigma) / Math.sqrt(S * S + sigmaT * sigmaT);
        return xT.sub(mu).mul(f).add(mu);
    }

    Denoiser denoiser() {
        return new TimestepDenoiser() {
            @Override
            public EpsPrediction eps(NDArray x, double timestep, double cfgScaleMultiplier) {
                double sigma = model.tToSigma(timestep);
                NDArray xk = x.mul(Math.sqrt(1 + sigma * sigma));
                NDArray e = xk.sub(denoised(xk, sigma)).div(sigma);
                return new EpsPrediction(e, e);
            }

            @Override
            public double[] alphasCumprod() {
                return model.alphasCumprod();
            }

            @Override
            public NDArray denoise(NDArray x, double sigma) {
                return denoised(x, sigma);
            }
        };
    }

    Shape shape() {
        return shape;
    }
}
