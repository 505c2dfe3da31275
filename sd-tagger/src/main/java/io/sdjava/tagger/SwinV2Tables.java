package io.sdjava.tagger;

/**
 * The input-independent parts of SwinV2 window attention, computed once at load time in Java: the continuous
 * relative position bias ({@code 16 * sigmoid(cpb_mlp(log-spaced coords))[relative_position_index]}) and the
 * shifted-window attention mask (0 within a region, -100 across regions).
 */
final class SwinV2Tables {
    private static final int CPB_HIDDEN = 512;

    private SwinV2Tables() {}

    /**
     * @param window the window side ws
     * @param w1 {@code cpb_mlp.0.weight} [512, 2], row-major
     * @param b1 {@code cpb_mlp.0.bias} [512]
     * @param w2 {@code cpb_mlp.2.weight} [heads, 512], row-major
     * @param heads the head count
     * @return the bias [heads, ws*ws, ws*ws], row-major
     */
    static float[] positionBias(int window, float[] w1, float[] b1, float[] w2, int heads) {
        int side = 2 * window - 1;
        double[][] table = new double[side * side][heads];
        double[] hidden = new double[CPB_HIDDEN];
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                double ch = logSpaced(i - (window - 1), window);
                double cw = logSpaced(j - (window - 1), window);
                for (int u = 0; u < CPB_HIDDEN; u++) {
                    hidden[u] = Math.max(0.0, (float) (w1[2 * u] * (float) ch + w1[2 * u + 1] * (float) cw + b1[u]));
                }
                for (int h = 0; h < heads; h++) {
                    double sum = 0;
                    for (int u = 0; u < CPB_HIDDEN; u++) {
                        sum += w2[h * CPB_HIDDEN + u] * hidden[u];
                    }
                    table[i * side + j][h] = 16.0 / (1.0 + Math.exp(-sum));
                }
            }
        }
        int n = window * window;
        float[] bias = new float[heads * n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int dh = a / window - b / window + window - 1;
                int dw = a % window - b % window + window - 1;
                double[] row = table[dh * side + dw];
                for (int h = 0; h < heads; h++) {
                    bias[(h * n + a) * n + b] = (float) row[h];
                }
            }
        }
        return bias;
    }

    /** timm's coordinate transform: x / (ws-1) * 8, then sign(x) * log2(|x| + 1) / log2(8), in float32. */
    private static double logSpaced(int offset, int window) {
        float x = window > 1 ? (float) offset / (window - 1) * 8f : 0f;
        float y = (float) (Math.signum(x) * (Math.log(Math.abs(x) + 1.0) / Math.log(2.0)) / 3.0);
        return y;
    }

    /**
     * @param resolution the stage's token grid side
     * @param window the window side
     * @param shift the cyclic shift
     * @return the mask [numWindows, ws*ws, ws*ws], row-major, windows in row-major grid order
     */
    static float[] shiftMask(int resolution, int window, int shift) {
        int[] region = new int[resolution * resolution];
        for (int y = 0; y < resolution; y++) {
            for (int x = 0; x < resolution; x++) {
                int row = band(y, resolution, window, shift);
                region[y * resolution + x] = row * 3 + band(x, resolution, window, shift);
            }
        }
        int perSide = resolution / window;
        int n = window * window;
        float[] mask = new float[perSide * perSide * n * n];
        for (int wy = 0; wy < perSide; wy++) {
            for (int wx = 0; wx < perSide; wx++) {
                int base = (wy * perSide + wx) * n * n;
                for (int a = 0; a < n; a++) {
                    int ra = region[(wy * window + a / window) * resolution + wx * window + a % window];
                    for (int b = 0; b < n; b++) {
                        int rb = region[(wy * window + b / window) * resolution + wx * window + b % window];
                        mask[base + a * n + b] = ra == rb ? 0f : -100f;
                    }
                }
            }
        }
        return mask;
    }

    /** Slices (0, -ws), (-ws, -shift), (-shift, end) of one axis, numbered 0, 1, 2. */
    private static int band(int i, int size, int window, int shift) {
        if (i < size - window) {
            return 0;
        }
        return i < size - shift ? 1 : 2;
    }
}
