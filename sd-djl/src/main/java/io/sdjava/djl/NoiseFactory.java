package io.sdjava.djl;

import ai.djl.ndarray.types.Shape;
import io.sdjava.GenerationRequest;

/** Creates the per-batch random numbers of a request (CPU or NV source, variation seeds, ENSD, seed resize). */
@FunctionalInterface
public interface NoiseFactory {
    /**
     * @param request the request (random source, variation strength, seed resize, ENSD)
     * @param seeds the seed of each image of the batch
     * @param subseeds the variation seed of each image of the batch
     * @param latentShape the latent shape of one image, {@code (4, h, w)}
     * @return the batch's noise
     */
    BatchNoise create(GenerationRequest request, long[] seeds, long[] subseeds, Shape latentShape);
}
