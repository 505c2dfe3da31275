package io.sdjava.djl.rng;

import io.sdjava.RngSource;

/**
 * Torch's CPU generator ({@code torch.Generator("cpu").manual_seed(seed)}) and its float32 {@code randn}, in pure
 * Java: same mt19937 stream, same uniform conversion and the same Box–Muller layout, so the values are bit-identical
 * to {@code torch.randn(shape, generator=g)}.
 *
 * <p>For 16 values or more torch fills the tensor with uniform floats and transforms them in blocks of 16, pairing
 * element {@code j} with {@code j + 8}; when the count is not a multiple of 16 the last 16 elements are redrawn and
 * transformed again. Fewer than 16 values use the scalar double-precision Box–Muller, whose second value is cached
 * for the next draw, as torch does.
 *
 * <p>Not thread-safe (one instance per image); instances share nothing.
 */
public final class TorchCpuGenerator implements NormalGenerator {
    private static final int BLOCK = 16;
    private static final int HALF = BLOCK / 2;
    private static final float FLOAT_UNIT = 1.0f / (1 << 24);
    private static final double DOUBLE_UNIT = 1.0 / (1L << 53);
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final float TWO_PI_FLOAT = (float) (2.0 * Math.PI);

    private final long seed;
    private final Mt19937 engine;
    private boolean hasCachedNormal;
    private double cachedNormal;

    /**
     * @param seed the seed; only its low 32 bits matter, as in torch
     */
    public TorchCpuGenerator(long seed) {
        this.seed = seed;
        this.engine = new Mt19937(seed);
    }

    @Override
    public RngSource source() {
        return RngSource.CPU;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public float[] randn(int numel) {
        if (numel < 0) {
            throw new IllegalArgumentException("numel must be >= 0, got " + numel);
        }
        float[] out = new float[numel];
        if (numel >= BLOCK) {
            fillVectorised(out);
        } else {
            for (int i = 0; i < numel; i++) {
                out[i] = (float) nextScalarNormal();
            }
        }
        return out;
    }

    /** @return the next uniform float in [0, 1) from 24 random bits, as torch's {@code uniform_real_distribution} */
    float nextUniformFloat() {
        return (engine.nextInt() & 0xffffff) * FLOAT_UNIT;
    }

    private void fillVectorised(float[] data) {
        int size = data.length;
        for (int i = 0; i < size; i++) {
            data[i] = nextUniformFloat();
        }
        float[] sincos = new float[2];
        for (int i = 0; i + BLOCK <= size; i += BLOCK) {
            boxMuller16(data, i, sincos);
        }
        if (size % BLOCK != 0) {
            int start = size - BLOCK;
            for (int i = 0; i < BLOCK; i++) {
                data[start + i] = nextUniformFloat();
            }
            boxMuller16(data, start, sincos);
        }
    }

    /** Torch's AVX2 block transform: Box–Muller on (1 - u[j], u[j + 8]) with the Cephes float approximations. */
    private static void boxMuller16(float[] data, int offset, float[] sincos) {
        for (int j = 0; j < HALF; j++) {
            float u1 = 1.0f - data[offset + j];
            float u2 = data[offset + j + HALF];
            float radius = (float) Math.sqrt(-2.0f * CephesFloat.log(u1));
            CephesFloat.sincos(TWO_PI_FLOAT * u2, sincos);
            data[offset + j] = radius * sincos[1];
            data[offset + j + HALF] = radius * sincos[0];
        }
    }

    private double nextScalarNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = (engine.nextLong() & ((1L << 53) - 1)) * DOUBLE_UNIT;
        double u2 = (engine.nextLong() & ((1L << 53) - 1)) * DOUBLE_UNIT;
        double r = StrictMath.sqrt(-2.0 * StrictMath.log1p(-u2));
        double theta = TWO_PI * u1;
        cachedNormal = r * StrictMath.sin(theta);
        hasCachedNormal = true;
        return r * StrictMath.cos(theta);
    }
}
