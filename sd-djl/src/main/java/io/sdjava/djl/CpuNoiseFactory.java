package io.sdjava.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.GenerationRequest;
import io.sdjava.InvalidRequestException;
import io.sdjava.RngSource;
import io.sdjava.spi.NoiseSampler;

/**
 * A1111's {@code ImageRNG} with the CPU source: one torch CPU generator per image seeded with its seed; the first
 * draw is the initial noise, later draws continue the same generators (or, with an eta noise seed delta, fresh
 * generators seeded {@code seed + ENSD}). Variation seeds, seed resize and the NV source are not supported by this
 * stop-gap.
 */
final class CpuNoiseFactory implements NoiseFactory {
    @Override
    public BatchNoise create(GenerationRequest request, long[] seeds, long[] subseeds, Shape latentShape) {
        if (request.rngSource() != RngSource.CPU) {
            throw new InvalidRequestException("rngSource " + request.rngSource() + " is not supported yet; allowed: CPU");
        }
        if (request.subseedStrength() != 0 || request.seedResizeFromW() != 0) {
            throw new InvalidRequestException("variation seeds and seed resize are not supported yet; set "
                    + "subseedStrength 0 and seedResizeFromW/H 0");
        }
        return new Batch(seeds, request.ensd(), latentShape);
    }

    private static final class Batch implements BatchNoise {
        private final long[] seeds;
        private final int ensd;
        private final Shape shape;
        private final TorchCpuRandn[] generators;

        Batch(long[] seeds, int ensd, Shape shape) {
            this.seeds = seeds.clone();
            this.ensd = ensd;
            this.shape = shape;
            generators = new TorchCpuRandn[seeds.length];
            for (int i = 0; i < seeds.length; i++) {
                generators[i] = new TorchCpuRandn(seeds[i]);
            }
        }

        @Override
        public NDArray initial(NDManager manager) {
            NDArray out = draw(generators, manager);
            if (ensd != 0) {
                for (int i = 0; i < seeds.length; i++) {
                    generators[i] = new TorchCpuRandn(seeds[i] + ensd);
                }
            }
            return out;
        }

        @Override
        public NoiseSampler sampler(NDManager manager) {
            return (sigma, sigmaNext) -> draw(generators, manager);
        }

        @Override
        public NDArray encodeNoise(NDManager manager) {
            TorchCpuRandn[] fresh = new TorchCpuRandn[seeds.length];
            for (int i = 0; i < seeds.length; i++) {
                fresh[i] = new TorchCpuRandn(seeds[i]);
            }
            return draw(fresh, manager);
        }

        private NDArray draw(TorchCpuRandn[] from, NDManager manager) {
            int per = Math.toIntExact(shape.size());
            float[] all = new float[per * from.length];
            for (int i = 0; i < from.length; i++) {
                System.arraycopy(from[i].randn(per), 0, all, i * per, per);
            }
            return manager.create(all, new Shape(from.length, shape.get(0), shape.get(1), shape.get(2)));
        }
    }
}
