package io.sdjava.upscale;

/**
 * PIL's {@code Image.resize(size, NEAREST)}: source coordinate of output pixel {@code x} is
 * {@code floor(x0)} where {@code x0} starts at {@code 0.5·in/out} and is incremented by {@code in/out} per pixel
 * (PIL accumulates in double precision, so this class does too).
 */
final class NearestResampler {
    private NearestResampler() {}

    /**
     * @param image the source
     * @param width target width
     * @param height target height
     * @return the resized image
     */
    static RgbImage resize(RgbImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        int[] xs = sourceIndices(image.width(), width);
        int[] ys = sourceIndices(image.height(), height);
        byte[] src = image.rgb();
        byte[] dst = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(src, (ys[y] * image.width() + xs[x]) * 3, dst, (y * width + x) * 3, 3);
            }
        }
        return new RgbImage(width, height, dst);
    }

    private static int[] sourceIndices(int in, int out) {
        double step = (double) in / out;
        double pos = step * 0.5;
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            idx[i] = Math.min(in - 1, (int) pos);
            pos += step;
        }
        return idx;
    }
}
