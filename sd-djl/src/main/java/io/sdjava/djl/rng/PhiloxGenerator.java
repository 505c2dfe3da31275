package io.sdjava.djl.rng;

import io.sdjava.RngSource;

/**
 * A1111's "NV" source ({@code modules/rng_philox.py}): Philox4x32-10 keyed by the seed, one counter per value, and a
 * float64 Box–Muller on the first two outputs, which reproduces what {@code torch.randn} gives on NVIDIA GPUs.
 *
 * <p>The transcendental functions are {@link StrictMath}'s, so the values are the same on every JVM.
 * Each {@link #randn(int)} call uses the next call offset, whatever its size. Not thread-safe (one instance per
 * image); instances share nothing.
 */
public final class PhiloxGenerator implements NormalGenerator {
    private static final int ROUNDS = 10;
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    /** numpy's {@code float32(2.3283064e-10)} widened to double, as the reference's arithmetic does. */
    private static final double A = (float) 2.3283064e-10;
    /** numpy's {@code float32(2.3283064e-10 * 6.2831855)} widened to double. */
    private static final double B = (float) (2.3283064e-10 * 6.2831855);

    private final long seed;
    /** The call counter: the reference keeps it in a 32-bit counter word. */
    private long offset;

    /**
     * @param seed the seed: its low 32 bits are the first key word, its high 32 bits the second
     */
    public PhiloxGenerator(long seed) {
        this.seed = seed;
    }

    @Override
    public RngSource source() {
        return RngSource.NV;
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
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        int call = (int) offset;
        offset++;
        for (int i = 0; i < numel; i++) {
            out[i] = value(call, i, k0, k1);
        }
        return out;
    }

    /** One value: Philox on counter (call, 0, index, 0) then Box–Muller on the first two words, in float64. */
    static float value(int call, int index, int k0, int k1) {
        int x0 = call;
        int x1 = 0;
        int x2 = index;
        int x3 = 0;
        int key0 = k0;
        int key1 = k1;
        for (int round = 0; round < ROUNDS; round++) {
            long p0 = (x2 & 0xffffffffL) * (M1 & 0xffffffffL);
            long p1 = (x0 & 0xffffffffL) * (M0 & 0xffffffffL);
            int n0 = (int) (p0 >>> 32) ^ x1 ^ key0;
            int n1 = (int) p0;
            int n2 = (int) (p1 >>> 32) ^ x3 ^ key1;
            int n3 = (int) p1;
            x0 = n0;
            x1 = n1;
            x2 = n2;
            x3 = n3;
            if (round < ROUNDS - 1) {
                key0 += W0;
                key1 += W1;
            }
        }
        double u = (x0 & 0xffffffffL) * A + A / 2;
        double v = (x1 & 0xffffffffL) * B + B / 2;
        return (float) (StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.sin(v));
    }
}
