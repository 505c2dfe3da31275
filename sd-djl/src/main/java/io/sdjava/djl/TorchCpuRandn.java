package io.sdjava.djl;

/**
 * A torch CPU generator ({@code torch.Generator("cpu").manual_seed(seed)}) drawing {@code torch.randn} float32
 * values: mt19937 on the low 32 bits of the seed, uniforms {@code (random() & 0xFFFFFF) * 2^-24}, and torch's
 * {@code normal_fill} Box-Muller over blocks of 16 (the last block recomputed when the size is not a multiple of
 * 16). Not thread-safe; one per image. Stop-gap until the {@code rng} component lands.
 */
final class TorchCpuRandn {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] state = new int[N];
    private int index;

    TorchCpuRandn(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = state[i - 1];
            state[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /** @return the next 32 random bits (mt19937 tempered output) */
    int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
            int next = state[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            state[i] = next;
        }
        index = 0;
    }

    private float uniform() {
        return (float) ((nextInt() & 0xFFFFFF) * (1.0 / (1 << 24)));
    }

    /**
     * @param size the number of values (at least 16, as for any latent)
     * @return {@code torch.randn(size)} of this generator
     */
    float[] randn(int size) {
        if (size < 16) {
            throw new IllegalArgumentException("torch draws fewer than 16 values differently; got " + size);
        }
        float[] data = new float[size];
        for (int i = 0; i < size; i++) {
            data[i] = uniform();
        }
        for (int i = 0; i + 16 <= size; i += 16) {
            fill16(data, i);
        }
        if (size % 16 != 0) {
            int start = size - 16;
            for (int i = 0; i < 16; i++) {
                data[start + i] = uniform();
            }
            fill16(data, start);
        }
        return data;
    }

    private static void fill16(float[] data, int at) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - data[at + j];
            float u2 = data[at + j + 8];
            float radius = (float) Math.sqrt(-2 * (float) Math.log(u1));
            float theta = (float) (2.0f * Math.PI * u2);
            data[at + j] = radius * (float) Math.cos(theta);
            data[at + j + 8] = radius * (float) Math.sin(theta);
        }
    }
}
