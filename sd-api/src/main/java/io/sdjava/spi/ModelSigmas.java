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
}
