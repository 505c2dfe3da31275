package io.sdjava.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One untiled pass of an RRDBNet over an 8-bit image, exactly as the WebUI's {@code upscale_pil_patch} with its
 * model loader wrapper: RGB → BGR, {@code /255} (float64 then float32), reflection pad at the bottom/right to the
 * model's size multiple, the network, clamp to [0, 1], crop to {@code scale·H × scale·W}, {@code 255·x} in
 * float32, round half to even, BGR → RGB.
 */
final class EsrganPatchUpscaler {
    private final RrdbNet net;
    private final NDManager parent;

    /**
     * @param net the network (not owned)
     * @param parent the manager under which a scratch sub-manager is opened per call
     */
    EsrganPatchUpscaler(RrdbNet net, NDManager parent) {
        this.net = net;
        this.parent = parent;
    }

    /** @return the model's integer scale */
    int scale() {
        return net.architecture().scale();
    }

    /** Upscales one patch. */
    RgbImage upscale(RgbImage image) {
        int h = image.height();
        int w = image.width();
        float[] bgr = toBgrFloats(image);
        float[] out = runClamped(bgr, h, w);
        return toRgbImage(out, h * scale(), w * scale());
    }

    /** Image to CHW BGR float32 {@code u8 / 255} (the division done in float64, as numpy does). */
    static float[] toBgrFloats(RgbImage image) {
        int plane = image.width() * image.height();
        float[] chw = new float[3 * plane];
        byte[] rgb = image.rgb();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + i] = (float) ((rgb[i * 3 + (2 - c)] & 0xFF) / 255.0);
            }
        }
        return chw;
    }

    /** CHW BGR float in [0, 1] to an RGB image: {@code rint(255f * v)}. */
    static RgbImage toRgbImage(float[] chw, int h, int w) {
        int plane = h * w;
        byte[] rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float v = 255.0f * chw[c * plane + i];
                rgb[i * 3 + (2 - c)] = (byte) (int) Math.rint(v);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * The loader wrapper around the network: pad, run, clamp to [0, 1], crop.
     *
     * @param chw {@code [3, h, w]} float32 BGR
     * @return {@code [3, h*scale, w*scale]} clamped output
     */
    float[] runClamped(float[] chw, int h, int w) {
        int multiple = net.architecture().multipleOf();
        int ph = ceilTo(h, multiple);
        int pw = ceilTo(w, multiple);
        float[] padded = ph == h && pw == w ? chw : reflectPad(chw, 3, h, w, ph, pw);
        int s = scale();
        float[] full;
        try (NDManager scope = parent.newSubManager()) {
            scope.setName("esrgan-patch");
            NDArray x = scope.create(padded, new Shape(1, 3, ph, pw));
            NDArray y = net.forward(x);
            full = y.clip(0f, 1f).toFloatArray();
        }
        return ph == h && pw == w ? full : crop(full, 3, ph * s, pw * s, h * s, w * s);
    }

    private static int ceilTo(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /** Reflection padding at the bottom and right ({@code torch.nn.functional.pad(mode="reflect")}). */
    static float[] reflectPad(float[] src, int c, int h, int w, int ph, int pw) {
        if (ph - h >= h || pw - w >= w) {
            throw new IllegalArgumentException("image " + w + "x" + h + " too small to reflect-pad to " + pw + "x" + ph);
        }
        float[] out = new float[c * ph * pw];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ph; y++) {
                int sy = y < h ? y : 2 * (h - 1) - y;
                for (int x = 0; x < pw; x++) {
                    int sx = x < w ? x : 2 * (w - 1) - x;
                    out[(ch * ph + y) * pw + x] = src[(ch * h + sy) * w + sx];
                }
            }
        }
        return out;
    }

    private static float[] crop(float[] src, int c, int h, int w, int ch, int cw) {
        float[] out = new float[c * ch * cw];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(src, (k * h + y) * w, out, (k * ch + y) * cw, cw);
            }
        }
        return out;
    }
}
