package io.sdjava.djl.rng;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.RngSource;
import io.sdjava.spi.NoiseSampler;
import java.util.Arrays;
import java.util.Objects;

/**
 * The noise of one batch, as A1111's {@code ImageRNG}: one generator per image, created from that image's seed.
 * The first {@link #next} call gives the initial latent noise (with the variation seed mixed in by slerp and the
 * seed-resize paste); later calls give the fresh noise ancestral and SDE samplers ask for. With an eta noise seed
 * delta (ENSD) the generators are replaced by ones seeded {@code seed + ENSD} right after the first call.
 *
 * <p>Images never share a stream: a batch of two equals two single-image runs. Calls are serialised on the
 * instance, and instances share no state, so concurrent generations each with their own {@code ImageRng} are safe.
 */
public final class ImageRng {
    private final NoiseSpec spec;
    private final NormalGenerator[] generators;
    private boolean first = true;

    private ImageRng(NoiseSpec spec) {
        this.spec = spec;
        this.generators = new NormalGenerator[spec.seeds().length];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = NormalGenerator.create(spec.source(), spec.seeds()[i]);
        }
    }

    /**
     * @param spec what to generate
     * @return a fresh generator for the batch described by {@code spec}
     */
    public static ImageRng create(NoiseSpec spec) {
        return new ImageRng(Objects.requireNonNull(spec, "spec"));
    }

    /** @return the description this generator was created from */
    public NoiseSpec spec() {
        return spec;
    }

    /** @return the batch shape {@code [B, C, H, W]} of every draw */
    public long[] batchShape() {
        int[] s = spec.latentShape();
        return new long[] {spec.seeds().length, s[0], s[1], s[2]};
    }

    /**
     * Draws the next noise of every image: the initial latent noise on the first call, sampler noise afterwards.
     *
     * @return one row-major {@code (C, H, W)} array per image
     */
    public synchronized float[][] nextImages() {
        if (first) {
            first = false;
            return firstImages();
        }
        int numel = NormalGenerator.numel(spec.latentShape());
        float[][] xs = new float[generators.length][];
        for (int i = 0; i < generators.length; i++) {
            xs[i] = generators[i].randn(numel);
        }
        return xs;
    }

    /**
     * Draws the next noise of the batch as an NDArray (see {@link #nextImages()}).
     *
     * @param manager the manager that will own the result
     * @return a float32 array of shape {@code [B, C, H, W]}
     */
    public NDArray next(NDManager manager) {
        float[][] xs = nextImages();
        int per = NormalGenerator.numel(spec.latentShape());
        float[] flat = new float[per * xs.length];
        for (int i = 0; i < xs.length; i++) {
            System.arraycopy(xs[i], 0, flat, i * per, per);
        }
        return manager.create(flat, new Shape(batchShape()));
    }

    /**
     * The initial latent noise: the first draw, which must not have happened yet.
     *
     * @param manager the manager that will own the result
     * @return a float32 array of shape {@code [B, C, H, W]}
     * @throws IllegalStateException if noise was already drawn from this generator
     */
    public NDArray initialNoise(NDManager manager) {
        synchronized (this) {
            if (!first) {
                throw new IllegalStateException("the initial noise was already drawn from this ImageRng");
            }
        }
        return next(manager);
    }

    /**
     * Adapts this generator to the sampler SPI: every {@link NoiseSampler#next} is one {@link #next(NDManager)}
     * call (A1111 routes the samplers' {@code randn_like} to {@code ImageRNG.next()}), whatever the sigmas.
     * Draw the initial noise first.
     *
     * @param manager the manager that will own each noise array (close or detach them as the sampler sees fit)
     * @return a noise sampler backed by this generator
     */
    public NoiseSampler noiseSampler(NDManager manager) {
        Objects.requireNonNull(manager, "manager");
        return (sigma, sigmaNext) -> next(manager);
    }

    private float[][] firstImages() {
        int[] target = spec.latentShape();
        int[] noiseShape = spec.noiseShape();
        boolean resized = !Arrays.equals(target, noiseShape);
        long[] seeds = spec.seeds();
        float[][] xs = new float[seeds.length][];
        for (int i = 0; i < seeds.length; i++) {
            float[] noise = resized
                    ? NormalGenerator.create(spec.source(), seeds[i]).randn(NormalGenerator.numel(noiseShape))
                    : generators[i].randn(NormalGenerator.numel(target));
            if (spec.subseedStrength() != 0) {
                float[] sub = NormalGenerator.create(spec.source(), spec.subseed(i))
                        .randn(NormalGenerator.numel(noiseShape));
                noise = Slerp.slerp(spec.subseedStrength(), noise, sub, noiseShape[0], noiseShape[1]);
            }
            if (resized) {
                float[] x = generators[i].randn(NormalGenerator.numel(target));
                SeedResize.pasteCentered(noise, noiseShape, x, target);
                noise = x;
            }
            xs[i] = noise;
        }
        if (spec.etaNoiseSeedDelta() != 0) {
            for (int i = 0; i < seeds.length; i++) {
                generators[i] = NormalGenerator.create(spec.source(), seeds[i] + spec.etaNoiseSeedDelta());
            }
        }
        return xs;
    }
}
