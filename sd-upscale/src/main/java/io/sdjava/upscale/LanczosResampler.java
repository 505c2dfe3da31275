package io.sdjava.upscale;

/**
 * PIL's {@code Image.resize(size, LANCZOS)} for 8-bit RGB: separable two-pass convolution (horizontal first,
 * then vertical) with a 3-lobe Lanczos kernel widened by the downscale factor, coefficients normalised per output
 * pixel in double precision, then converted to 22-bit fixed point; each sum starts at one half and is shifted and
 * clipped to 0..255. A pass whose size does not change is skipped.
 */
final class LanczosResampler {
    private static final double SUPPORT = 3.0;
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private LanczosResampler() {}

    /** Filter coefficients of one axis: per output index, the first input index, count and fixed-point weights. */
    private record Coefficients(int[] first, int[] count, int[][] weights) {}

    /**
     * @param image the source
     * @param width target width
     * @param height target height
     * @return the resized image (a copy when the size is unchanged)
     */
    static RgbImage resize(RgbImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        RgbImage out = image;
        if (width != image.width()) {
            out = horizontal(out, coefficients(image.width(), width));
        }
        if (height != image.height()) {
            out = vertical(out, coefficients(image.height(), height));
        }
        return out == image ? new RgbImage(image.width(), image.height(), image.rgb().clone()) : out;
    }

    static double lanczos(double x) {
        if (-SUPPORT <= x && x < SUPPORT) {
            return sinc(x) * sinc(x / 3);
        }
        return 0.0;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double[] k = new double[Math.max(xmax, 0)];
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                k[x] = lanczos((x + xmin - center + 0.5) * ss);
                ww += k[x];
            }
            int[] fixed = new int[k.length];
            for (int x = 0; x < k.length; x++) {
                double w = ww != 0.0 ? k[x] / ww : k[x];
                fixed[x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = k.length;
            weights[xx] = fixed;
        }
        return new Coefficients(first, count, weights);
    }

    private static RgbImage horizontal(RgbImage in, Coefficients c) {
        int outW = c.first().length;
        int h = in.height();
        byte[] src = in.rgb();
        byte[] dst = new byte[outW * h * 3];
        for (int y = 0; y < h; y++) {
            int row = y * in.width();
            for (int xx = 0; xx < outW; xx++) {
                int[] k = c.weights()[xx];
                for (int ch = 0; ch < 3; ch++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int x = 0; x < c.count()[xx]; x++) {
                        ss += (src[(row + c.first()[xx] + x) * 3 + ch] & 0xFF) * k[x];
                    }
                    dst[(y * outW + xx) * 3 + ch] = clip8(ss);
                }
            }
        }
        return new RgbImage(outW, h, dst);
    }

    private static RgbImage vertical(RgbImage in, Coefficients c) {
        int outH = c.first().length;
        int w = in.width();
        byte[] src = in.rgb();
        byte[] dst = new byte[w * outH * 3];
        for (int yy = 0; yy < outH; yy++) {
            int[] k = c.weights()[yy];
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < c.count()[yy]; y++) {
                        ss += (src[((c.first()[yy] + y) * w + x) * 3 + ch] & 0xFF) * k[y];
                    }
                    dst[(yy * w + x) * 3 + ch] = clip8(ss);
                }
            }
        }
        return new RgbImage(w, outH, dst);
    }

    private static byte clip8(int v) {
        int s = v >> PRECISION_BITS;
        return (byte) (s < 0 ? 0 : Math.min(s, 255));
    }
}
