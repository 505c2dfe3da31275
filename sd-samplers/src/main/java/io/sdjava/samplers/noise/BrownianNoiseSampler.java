package io.sdjava.samplers.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.spi.NoiseSampler;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * Brownian-path noise for the SDE samplers (k-diffusion's {@code BrownianTreeNoiseSampler} semantics): a single
 * Brownian motion {@code W} over {@code [sigmaMin, sigmaMax]} with {@code W(sigmaMin) = 0}, sampled lazily by
 * Brownian-bridge refinement; {@code next(s, s')} returns {@code (W(s') - W(s)) / sqrt(|s' - s|)}, so overlapping
 * queries (DPM++ SDE's half steps) are consistently correlated.
 *
 * <p>{@link #perImage} builds A1111's per-image variant: each image of the batch has its own path, drawn from
 * its own {@link Random} seeded with the image's seed, so an image's noise is the same in any batch.
 *
 * <p>Not bit-identical to A1111 (which uses torchsde's tree with numpy {@code SeedSequence} seeds); the path
 * depends on the query order and on the normal source. Owns a manager for the path; close it after sampling.
 * Not thread-safe.
 */
public final class BrownianNoiseSampler implements NoiseSampler, AutoCloseable {
    /** A source of standard normal tensors shaped like the latent (for example a per-image generator). */
    @FunctionalInterface
    public interface NormalSource {
        /**
         * @param manager the manager to create the tensor on
         * @return a new standard normal tensor
         */
        NDArray next(NDManager manager);
    }

    private final NDManager manager;
    private final NormalSource normals;
    private final TreeMap<Double, NDArray> path = new TreeMap<>();

    /**
     * @param parent the manager the path's sub-manager is created under
     * @param normals the normal source
     * @param sigmaMin the smallest nonzero sigma of the schedule (the path's origin)
     * @param zero a zero tensor shaped like the latent (copied)
     */
    public BrownianNoiseSampler(NDManager parent, NormalSource normals, double sigmaMin, NDArray zero) {
        this.manager = parent.newSubManager();
        this.manager.setName("brownian-path");
        this.normals = Objects.requireNonNull(normals, "normals");
        NDArray origin = zero.zerosLike();
        origin.attach(manager);
        path.put(sigmaMin, origin);
    }

    /**
     * A path anchored at both ends: {@code W(sigmaMax)} is drawn first (as torchsde's tree does), then every query
     * inside the range is a Brownian bridge between known points.
     *
     * @param parent the manager the path's sub-manager is created under
     * @param normals the normal source
     * @param sigmaMin the smallest nonzero sigma of the schedule (the path's origin)
     * @param sigmaMax the largest sigma of the schedule
     * @param zero a zero tensor shaped like the latent (copied)
     */
    public BrownianNoiseSampler(NDManager parent, NormalSource normals, double sigmaMin, double sigmaMax,
            NDArray zero) {
        this(parent, normals, sigmaMin, zero);
        if (sigmaMax > sigmaMin) {
            value(sigmaMax);
        }
    }

    /**
     * A1111's seeding ({@code BrownianTreeNoiseSampler(x, sigma_min, sigma_max, seed=seeds)}): one path per image,
     * image {@code i}'s normals drawn from {@code new Random(seeds[i]).nextGaussian()}.
     *
     * @param parent the manager the path's sub-manager is created under
     * @param latentShape the batch latent's shape {@code [B, C, h, w]}
     * @param sigmaMin the smallest nonzero sigma of the schedule
     * @param sigmaMax the largest sigma of the schedule
     * @param seeds one seed per image, {@code B} values
     * @return the noise sampler
     */
    public static BrownianNoiseSampler perImage(NDManager parent, Shape latentShape, double sigmaMin,
            double sigmaMax, long[] seeds) {
        if (latentShape.get(0) != seeds.length) {
            throw new IllegalArgumentException("need one seed per image: shape " + latentShape + ", "
                    + seeds.length + " seeds");
        }
        Random[] randoms = new Random[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            randoms[i] = new Random(seeds[i]);
        }
        int perImage = Math.toIntExact(latentShape.size() / seeds.length);
        NormalSource normals = m -> {
            float[] values = new float[perImage * randoms.length];
            for (int i = 0; i < randoms.length; i++) {
                for (int j = 0; j < perImage; j++) {
                    values[i * perImage + j] = (float) randoms[i].nextGaussian();
                }
            }
            return m.create(values, latentShape);
        };
        try (NDManager scratch = parent.newSubManager()) {
            return new BrownianNoiseSampler(parent, normals, sigmaMin, sigmaMax, scratch.zeros(latentShape));
        }
    }

    @Override
    public NDArray next(double sigma, double sigmaNext) {
        NDArray w0 = value(sigma);
        NDArray w1 = value(sigmaNext);
        double scale = 1 / Math.sqrt(Math.abs(sigmaNext - sigma));
        try (NDArray diff = w1.sub(w0)) {
            return diff.mul(scale);
        }
    }

    private NDArray value(double t) {
        NDArray known = path.get(t);
        if (known != null) {
            return known;
        }
        Map.Entry<Double, NDArray> lo = path.floorEntry(t);
        Map.Entry<Double, NDArray> hi = path.ceilingEntry(t);
        NDArray z = normals.next(manager);
        z.attach(manager);
        NDArray w;
        if (lo != null && hi != null) {
            double a = lo.getKey();
            double b = hi.getKey();
            double f = (t - a) / (b - a);
            try (NDArray span = hi.getValue().sub(lo.getValue());
                    NDArray step = span.mul(f);
                    NDArray mean = lo.getValue().add(step);
                    NDArray jitter = z.mul(Math.sqrt((t - a) * (b - t) / (b - a)))) {
                w = mean.add(jitter);
            }
        } else {
            Map.Entry<Double, NDArray> anchor = lo != null ? lo : hi;
            try (NDArray jitter = z.mul(Math.sqrt(Math.abs(t - anchor.getKey())))) {
                w = anchor.getValue().add(jitter);
            }
        }
        z.close();
        w.attach(manager);
        path.put(t, w);
        return w;
    }

    @Override
    public void close() {
        manager.close();
    }
}
