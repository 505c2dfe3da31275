package io.sdjava.tagger;

import io.sdjava.SdImage;

/**
 * The v3 taggers' input pipeline (SmilingWolf's reference app, equal to timm's eval transform plus RGB to BGR):
 * pad to a white square (extra pixel right/bottom), Pillow-bicubic resize, BGR, {@code (v/255 - 0.5)/0.5}, NCHW.
 * Alpha is composited on white before an image becomes an {@link SdImage} (see {@link TaggerImageReader}).
 */
final class Preprocessor {
    private Preprocessor() {}

    /**
     * @param image an RGB image
     * @return the image pasted on a white S x S canvas, S = max(w, h), at ((S-w)/2, (S-h)/2)
     */
    static SdImage padToSquare(SdImage image) {
        int w = image.width();
        int h = image.height();
        int s = Math.max(w, h);
        if (w == s && h == s) {
            return image;
        }
        byte[] src = image.toRgb();
        byte[] out = new byte[s * s * 3];
        java.util.Arrays.fill(out, (byte) 255);
        int left = (s - w) / 2;
        int top = (s - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, y * w * 3, out, ((top + y) * s + left) * 3, w * 3);
        }
        return SdImage.fromRgb(s, s, out);
    }

    /**
     * @param square a square RGB image
     * @param size the target side
     * @return the image resized with Pillow's bicubic filter (unchanged when already {@code size})
     */
    static SdImage resize(SdImage square, int size) {
        if (square.width() == size && square.height() == size) {
            return square;
        }
        byte[] out = PilBicubicResampler.resize(square.toRgb(), square.width(), square.height(), size, size);
        return SdImage.fromRgb(size, size, out);
    }

    /**
     * @param image a square RGB image of the network's input size
     * @return NCHW float input [1, 3, T, T] in BGR order scaled to -1..1, flattened row-major
     */
    static float[] toInput(SdImage image) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.toRgb();
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float v = (rgb[i * 3 + c] & 0xff) / 255.0f;
                out[(2 - c) * plane + i] = (v - 0.5f) / 0.5f;
            }
        }
        return out;
    }

    /**
     * @param image an RGB image of any size
     * @param size the network's input side
     * @return the network input for {@code image}
     */
    static float[] prepare(SdImage image, int size) {
        return toInput(resize(padToSquare(image), size));
    }
}
