package io.sdjava.djl.hires;

/**
 * One axis of {@code torch.nn.functional.interpolate} with {@code align_corners=False} and an output size (no
 * scale factor): for each output index, the input indices it reads and their weights, computed in float32 as
 * PyTorch's CPU kernels do ({@code scale = (float) in / out}). Separable: a 2-D resize applies one table per axis.
 */
enum Interpolation {
    /** {@code mode="nearest"}: {@code floor(o * scale)} (PyTorch's legacy, asymmetric nearest). */
    NEAREST {
        @Override
        Taps taps(int in, int out, boolean antialias) {
            float scale = (float) in / out;
            return Taps.single(in, out, o -> out == in ? o
                    : out == 2 * in ? o >> 1 : Math.min((int) Math.floor(o * scale), in - 1));
        }
    },
    /** {@code mode="nearest-exact"}: {@code floor((o + 0.5) * scale)}, as PIL's nearest. */
    NEAREST_EXACT {
        @Override
        Taps taps(int in, int out, boolean antialias) {
            float scale = (float) in / out;
            return Taps.single(in, out, o -> Math.min((int) Math.floor((float) ((o + 0.5) * scale)), in - 1));
        }
    },
    /** {@code mode="bilinear"}; with antialias the triangle filter widened by the downscale factor. */
    BILINEAR {
        @Override
        Taps taps(int in, int out, boolean antialias) {
            if (antialias) {
                return Taps.antialiased(in, out, 1, Interpolation::triangle);
            }
            float scale = (float) in / out;
            Taps taps = new Taps(out, 2);
            for (int o = 0; o < out; o++) {
                if (in == out) {
                    taps.set(o, 0, o, 1f);
                    continue;
                }
                float real = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
                int i0 = Math.min((int) Math.floor(real), in - 1);
                float lambda = Math.min(Math.max(real - i0, 0f), 1f);
                int i1 = i0 + (i0 < in - 1 ? 1 : 0);
                taps.set(o, 0, i0, 1f - lambda);
                taps.set(o, 1, i1, lambda);
            }
            return taps;
        }
    },
    /** {@code mode="bicubic"}: Keys cubic with A = -0.75, edge indices clamped; with antialias A = -0.5, PIL style. */
    BICUBIC {
        @Override
        Taps taps(int in, int out, boolean antialias) {
            if (antialias) {
                return Taps.antialiased(in, out, 2, x -> keys(x, -0.5f));
            }
            float scale = (float) in / out;
            Taps taps = new Taps(out, 4);
            for (int o = 0; o < out; o++) {
                float real = scale * (o + 0.5f) - 0.5f;
                int index = (int) Math.floor(real);
                float t = Math.min(Math.max(real - index, 0f), 1f);
                float[] w = {keys(t + 1f, CUBIC_A), keys(t, CUBIC_A), keys(1f - t, CUBIC_A), keys(2f - t, CUBIC_A)};
                for (int k = 0; k < 4; k++) {
                    taps.set(o, k, Math.min(Math.max(index - 1 + k, 0), in - 1), w[k]);
                }
            }
            return taps;
        }
    };

    private static final float CUBIC_A = -0.75f;

    /**
     * @param in the input length
     * @param out the output length
     * @param antialias PyTorch's {@code antialias} flag (bilinear and bicubic only)
     * @return the taps of every output index
     */
    abstract Taps taps(int in, int out, boolean antialias);

    static float triangle(float x) {
        float a = Math.abs(x);
        return a < 1f ? 1f - a : 0f;
    }

    /** Keys' cubic convolution kernel with parameter {@code a}. */
    static float keys(float x, float a) {
        float ax = Math.abs(x);
        if (ax <= 1f) {
            return ((a + 2f) * ax - (a + 3f)) * ax * ax + 1f;
        }
        if (ax < 2f) {
            return ((a * ax - 5f * a) * ax + 8f * a) * ax - 4f * a;
        }
        return 0f;
    }
}
