package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.StepCallback;
import io.sdjava.spi.TimestepDenoiser;
import java.util.Random;

/** Small deterministic inputs for unit tests: a Gaussian-data denoiser and seeded Java noise. */
final class TestFixtures {
    static final Shape SHAPE = new Shape(1, 4, 8, 8);
    static final double S = 0.5;

    private TestFixtures() {}

    static NDArray gaussian(NDManager manager, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) SHAPE.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, SHAPE);
    }

    /** Noise from a seeded Java generator, created on {@code manager}. */
    static NoiseSampler noise(NDManager manager, long seed) {
        Random random = new Random(seed);
        return (sigma, next) -> {
            float[] values = new float[(int) SHAPE.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            return manager.create(values, SHAPE);
        };
    }

    /** The optimal denoiser for data N(0, S^2), usable by every sampler kind. */
    static TimestepDenoiser denoiser() {
        DiscreteModelSigmas model = DiscreteModelSigmas.stableDiffusion();
        EpsModel eps = (x, t) -> {
            double sig = model.tToSigma(t);
            return x.mul(Math.sqrt(1 + sig * sig) * sig / (S * S + sig * sig));
        };
        Denoiser k = CompVisDenoiser.eps(eps, model, false);
        return new TimestepDenoiser() {
            @Override
            public EpsPrediction eps(NDArray x, double timestep, double multiplier) {
                NDArray e = eps.apply(x, timestep);
                return new EpsPrediction(e, e);
            }

            @Override
            public double[] alphasCumprod() {
                return model.alphasCumprod();
            }

            @Override
            public NDArray denoise(NDArray x, double sigma) {
                return k.denoise(x, sigma);
            }
        };
    }

    static SamplingContext context(NDManager manager, long seed, ProgressListener listener, CancellationToken token,
            StepCallback callback) {
        return new SamplingContext(manager, noise(manager, seed), SamplerOptions.defaults(), listener, token,
                DiscreteModelSigmas.stableDiffusion(), callback);
    }
}
