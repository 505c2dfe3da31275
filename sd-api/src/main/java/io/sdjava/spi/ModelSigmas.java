package io.sdjava.spi;

/** The noise levels a model was trained on, as schedules and samplers need them. */
public interface ModelSigmas {
    /** @return the smallest trained sigma */
    double sigmaMin();

    /** @return the largest trained sigma */
    double sigmaMax();

    /** @return the discrete trained sigmas, ascending (one per training timestep) */
    double[] sigmas();

    /**
     * @param sigma a noise level
     * @return the (fractional) timestep of {@code sigma}
     */
    double sigmaToT(double sigma);

    /**
     * @param t a (fractional) timestep
     * @return its noise level
     */
    double tToSigma(double t);

    /**
     * k-diffusion's {@code get_sigmas(n)}: {@code n} sigmas at timesteps evenly spaced from the last to 0, then 0.
     *
     * @param n the number of nonzero sigmas
     * @return {@code n + 1} sigmas
     */
    default double[] uniformSigmas(int n) {
        double tMax = sigmas().length - 1;
        double[] out = new double[n + 1];
        for (int i = 0; i < n; i++) {
            double t = n == 1 ? tMax : tMax + (0 - tMax) * i / (n - 1);
            out[i] = tToSigma(t);
        }
        return out;
    }
}
