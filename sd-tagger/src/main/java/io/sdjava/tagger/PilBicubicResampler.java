package io.sdjava.tagger;

/**
 * A port of Pillow's separable {@code BICUBIC} resize for 8-bit RGB ({@code ImagingResample}): cubic kernel
 * with a = -0.5, support widened by the scale when shrinking (antialias), weights in 22-bit fixed point, the
 * horizontal pass rounded to 8 bits before the vertical pass. Bit-exact with Pillow.
 */
final class PilBicubicResampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private PilBicubicResampler() {}

    /** Fixed-point taps of one output pixel: the first input index and the weights. */
    private record Taps(int[] first, int[][] weights) {}

    /**
     * @param rgb the source pixels, row by row, 3 bytes each
     * @param width source width
     * @param height source height
     * @param outWidth target width
     * @param outHeight target height
     * @return the resized pixels, row by row, 3 bytes each
     */
    static byte[] resize(byte[] rgb, int width, int height, int outWidth, int outHeight) {
        byte[] horizontal = width == outWidth ? rgb : horizontalPass(rgb, width, height, outWidth);
        return height == outHeight ? horizontal : verticalPass(horizontal, outWidth, height, outHeight);
    }

    private static byte[] horizontalPass(byte[] src, int width, int height, int outWidth) {
        Taps taps = taps(width, outWidth);
        byte[] out = new byte[outWidth * height * 3];
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < outWidth; x++) {
                int[] k = taps.weights()[x];
                int first = taps.first()[x];
                for (int c = 0; c < 3; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.length; i++) {
                        ss += (src[row + (first + i) * 3 + c] & 0xff) * k[i];
                    }
                    out[(y * outWidth + x) * 3 + c] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte[] verticalPass(byte[] src, int width, int height, int outHeight) {
        Taps taps = taps(height, outHeight);
        byte[] out = new byte[width * outHeight * 3];
        for (int y = 0; y < outHeight; y++) {
            int[] k = taps.weights()[y];
            int first = taps.first()[y];
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int i = 0; i < k.length; i++) {
                        ss += (src[((first + i) * width + x) * 3 + c] & 0xff) * k[i];
                    }
                    out[(y * width + x) * 3 + c] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    private static Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = SUPPORT * filterScale;
        double inverse = 1.0 / filterScale;
        int[] first = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double[] k = new double[xmax];
            double sum = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = cubic((x + xmin - center + 0.5) * inverse);
                k[x] = w;
                sum += w;
            }
            int[] fixed = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double w = sum != 0.0 ? k[x] / sum : k[x];
                double scaled = w * (1 << PRECISION_BITS);
                fixed[x] = (int) (w < 0 ? -0.5 + scaled : 0.5 + scaled);
            }
            first[xx] = xmin;
            weights[xx] = fixed;
        }
        return new Taps(first, weights);
    }

    private static double cubic(double x) {
        double ax = Math.abs(x);
        if (ax < 1.0) {
            return ((A + 2.0) * ax - (A + 3.0)) * ax * ax + 1;
        }
        if (ax < 2.0) {
            return (((ax - 5) * ax + 8) * ax - 4) * A;
        }
        return 0.0;
    }
}
