package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.samplers.schedule.LcmModelSigmas;
import io.sdjava.spi.Denoiser;
import java.util.Objects;

/**
 * A1111's {@code LCMCompVisDenoiser}: eps denoising at the nearest LCM timestep, then the consistency-model
 * boundary scalings {@code c_skip = 0.25/(T^2+0.25)}, {@code c_out = T/sqrt(T^2+0.25)} with {@code T = 10 t}.
 */
public final class LcmDenoiser implements Denoiser {
    private static final double SIGMA_DATA = 0.5;
    private final EpsModel model;
    private final LcmModelSigmas sigmas;

    /**
     * @param model the eps-prediction network
     * @param sigmas the LCM sigma table
     */
    public LcmDenoiser(EpsModel model, LcmModelSigmas sigmas) {
        this.model = Objects.requireNonNull(model, "model");
        this.sigmas = Objects.requireNonNull(sigmas, "sigmas");
    }

    @Override
    public NDArray denoise(NDArray x, double sigma) {
        double cIn = 1 / Math.sqrt(sigma * sigma + 1);
        double t = sigmas.sigmaToT(sigma);
        NDArray denoised = x.add(model.apply(x.mul(cIn), t).mul(-sigma));
        double scaled = t * 10.0;
        double cSkip = SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        double cOut = scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
        return denoised.mul(cOut).add(x.mul(cSkip));
    }
}
