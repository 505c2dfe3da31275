package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.GenerationRequest;
import io.sdjava.djl.rng.ImageRng;
import io.sdjava.djl.rng.NoiseSpec;
import io.sdjava.spi.NoiseSampler;

/**
 * Stage 4 with A1111's {@code ImageRNG} ({@link ImageRng}): one generator per image (CPU or NV source), variation
 * seeds, seed resize and the eta noise seed delta as the request sets them.
 */
public final class ImageRngNoiseFactory implements NoiseFactory {
    /** Creates the factory. */
    public ImageRngNoiseFactory() {}

    @Override
    public BatchNoise create(GenerationRequest request, long[] seeds, long[] subseeds, Shape latentShape) {
        NoiseSpec spec = NoiseSpec.builder().source(request.rngSource()).seeds(seeds).subseeds(subseeds)
                .subseedStrength(request.subseedStrength())
                .seedResizeFrom(request.seedResizeFromW(), request.seedResizeFromH())
                .etaNoiseSeedDelta(request.ensd()).channels(Math.toIntExact(latentShape.get(0)))
                .size(Math.toIntExact(latentShape.get(2)) * NoiseSpec.LATENT_SCALE,
                        Math.toIntExact(latentShape.get(1)) * NoiseSpec.LATENT_SCALE).build();
        ImageRng rng = ImageRng.create(spec);
        return new BatchNoise() {
            @Override
            public NDArray initial(NDManager manager) {
                return rng.initialNoise(manager);
            }

            @Override
            public NoiseSampler sampler(NDManager manager) {
                return rng.noiseSampler(manager);
            }

            @Override
            public NDArray encodeNoise(NDManager manager) {
                return ImageRng.create(spec).initialNoise(manager);
            }
        };
    }
}
