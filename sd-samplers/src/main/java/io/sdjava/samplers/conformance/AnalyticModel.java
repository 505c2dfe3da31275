package io.sdjava.samplers.conformance;

import ai.djl.ndarray.NDArray;
import io.sdjava.samplers.EpsModel;

/**
 * The fixtures' analytic "UNet": the exact optimal noise predictor for data {@code x0 ~ N(mu, s^2)} under the
 * discrete SD schedule, with log-linear interpolation of the sigma table at fractional timesteps.
 */
final class AnalyticModel implements EpsModel {
    private final double[] logSigmas;
    private final double s;
    private final NDArray mu;

    AnalyticModel(double[] logSigmas, double s, NDArray mu) {
        this.logSigmas = logSigmas;
        this.s = s;
        this.mu = mu;
    }

    @Override
    public NDArray apply(NDArray xT, double t) {
        int lo = (int) Math.floor(t);
        int hi = (int) Math.ceil(t);
        double w = t - lo;
        double sig = Math.exp((1 - w) * logSigmas[lo] + w * logSigmas[hi]);
        NDArray x = xT.mul(Math.sqrt(1 + sig * sig));
        return x.sub(mu).mul(sig / (s * s + sig * sig));
    }
}
