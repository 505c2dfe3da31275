package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.spi.Denoiser;
import java.util.Objects;

/**
 * k-diffusion's {@code CompVisDenoiser} (eps prediction, SD 1.x) and {@code CompVisVDenoiser} (v prediction,
 * SD 2.x 768-v): scales the input by {@code c_in = 1/sqrt(sigma^2 + 1)}, maps sigma to the (interpolated or,
 * with quantization, nearest) timestep and turns the network output into the denoised latent. Thread-safe if
 * the model is.
 */
public final class CompVisDenoiser implements Denoiser {
    private final EpsModel model;
    private final DiscreteModelSigmas sigmas;
    private final boolean quantize;
    private final boolean vPrediction;

    private CompVisDenoiser(EpsModel model, DiscreteModelSigmas sigmas, boolean quantize, boolean vPrediction) {
        this.model = Objects.requireNonNull(model, "model");
        this.sigmas = Objects.requireNonNull(sigmas, "sigmas");
        this.quantize = quantize;
        this.vPrediction = vPrediction;
    }

    /**
     * @param model the eps-prediction network
     * @param sigmas the model's discrete sigma table
     * @param quantize A1111 {@code enable_quantization}: use the nearest trained timestep
     * @return {@code denoised = x - sigma * eps(x * c_in, t)}
     */
    public static CompVisDenoiser eps(EpsModel model, DiscreteModelSigmas sigmas, boolean quantize) {
        return new CompVisDenoiser(model, sigmas, quantize, false);
    }

    /**
     * @param model the v-prediction network
     * @param sigmas the model's discrete sigma table
     * @param quantize use the nearest trained timestep
     * @return {@code denoised = x / (sigma^2 + 1) - sigma / sqrt(sigma^2 + 1) * v(x * c_in, t)}
     */
    public static CompVisDenoiser v(EpsModel model, DiscreteModelSigmas sigmas, boolean quantize) {
        return new CompVisDenoiser(model, sigmas, quantize, true);
    }

    @Override
    public NDArray denoise(NDArray x, double sigma) {
        double cIn = 1 / Math.sqrt(sigma * sigma + 1);
        double t = sigmas.sigmaToT(sigma, quantize);
        NDArray out = model.apply(x.mul(cIn), t);
        if (vPrediction) {
            return out.mul(-sigma * cIn).add(x.mul(1 / (sigma * sigma + 1)));
        }
        return x.add(out.mul(-sigma));
    }
}
