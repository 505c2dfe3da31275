package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.djl.BatchNoise;
import io.sdjava.io.StateDict;
import io.sdjava.spi.NoiseSampler;

/**
 * Noise replayed from a golden file of a single-image case: {@code noise}, then {@code ancestral_noise[k]} for
 * the k-th draw during sampling, and {@code encode_noise} for the VAE posterior sample.
 */
final class ReplayNoise implements BatchNoise {
    private final StateDict golden;

    ReplayNoise(StateDict golden) {
        this.golden = golden;
    }

    @Override
    public NDArray initial(NDManager manager) {
        return tensor("noise", manager);
    }

    @Override
    public NoiseSampler sampler(NDManager manager) {
        float[] all = golden.contains("ancestral_noise") ? golden.toFloatArray("ancestral_noise") : new float[0];
        long[] shape = golden.info("noise").shape();
        int per = Math.toIntExact(new Shape(shape).size());
        return new NoiseSampler() {
            private int draw;

            @Override
            public NDArray next(double sigma, double sigmaNext) {
                if ((draw + 1) * per > all.length) {
                    throw new IllegalStateException("the sampler drew more noise than the golden file recorded ("
                            + all.length / Math.max(per, 1) + " draws)");
                }
                float[] values = new float[per];
                System.arraycopy(all, draw++ * per, values, 0, per);
                return manager.create(values, new Shape(shape));
            }
        };
    }

    @Override
    public NDArray encodeNoise(NDManager manager) {
        return tensor("encode_noise", manager);
    }

    private NDArray tensor(String key, NDManager manager) {
        return manager.create(golden.toFloatArray(key), new Shape(golden.info(key).shape()));
    }
}
