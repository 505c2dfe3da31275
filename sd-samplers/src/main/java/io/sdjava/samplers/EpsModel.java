package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;

/**
 * The network as the parameterization adapters call it (LDM's {@code apply_model}): conditioning is captured by
 * the implementation.
 */
@FunctionalInterface
public interface EpsModel {
    /**
     * @param x the scaled model input
     * @param timestep the training timestep (possibly fractional)
     * @return the network output (eps, or v for v-prediction models), same shape as {@code x}
     */
    NDArray apply(NDArray x, double timestep);
}
