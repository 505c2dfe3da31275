package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A1111's latent upscalers ({@code shared.latent_upscale_modes}): {@code torch.nn.functional.interpolate} of the
 * first-pass latent to the hires latent size with {@code align_corners=False}, computed here on the host in
 * float32 (latents are small). Immutable and thread-safe.
 *
 * <p>Lives in sd-djl rather than sd-upscale because it works on the pipeline's latent {@link NDArray}s and sd-djl
 * compiles against the upscaler SPI only.
 */
public enum LatentUpscaler {
    /** {@code "Latent"}: bilinear. */
    LATENT("Latent", Interpolation.BILINEAR, false),
    /** {@code "Latent (antialiased)"}: bilinear with antialias. */
    LATENT_ANTIALIASED("Latent (antialiased)", Interpolation.BILINEAR, true),
    /** {@code "Latent (bicubic)"}: bicubic. */
    LATENT_BICUBIC("Latent (bicubic)", Interpolation.BICUBIC, false),
    /** {@code "Latent (bicubic antialiased)"}: bicubic with antialias. */
    LATENT_BICUBIC_ANTIALIASED("Latent (bicubic antialiased)", Interpolation.BICUBIC, true),
    /** {@code "Latent (nearest)"}: PyTorch's {@code nearest}. */
    LATENT_NEAREST("Latent (nearest)", Interpolation.NEAREST, false),
    /** {@code "Latent (nearest-exact)"}: PyTorch's {@code nearest-exact}. */
    LATENT_NEAREST_EXACT("Latent (nearest-exact)", Interpolation.NEAREST_EXACT, false);

    private final String displayName;
    private final Interpolation interpolation;
    private final boolean antialias;

    LatentUpscaler(String displayName, Interpolation interpolation, boolean antialias) {
        this.displayName = displayName;
        this.interpolation = interpolation;
        this.antialias = antialias;
    }

    /** @return the A1111 name, e.g. {@code "Latent (bicubic antialiased)"} */
    public String displayName() {
        return displayName;
    }

    /** @return PyTorch's {@code mode} string, e.g. {@code "nearest-exact"} */
    public String mode() {
        return interpolation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return PyTorch's {@code antialias} flag */
    public boolean antialias() {
        return antialias;
    }

    /**
     * @param name an upscaler name as A1111 lists it
     * @return the latent upscaler of that name, or empty for pixel upscalers (ESRGAN, Lanczos, ...)
     */
    public static Optional<LatentUpscaler> forName(String name) {
        return Arrays.stream(values()).filter(u -> u.displayName.equals(name)).findFirst();
    }

    /**
     * @param mode PyTorch's {@code mode} ({@code bilinear}, {@code bicubic}, {@code nearest}, {@code nearest-exact})
     * @param antialias PyTorch's {@code antialias}
     * @return the upscaler with those settings
     * @throws IllegalArgumentException for other combinations
     */
    public static LatentUpscaler forMode(String mode, boolean antialias) {
        return Arrays.stream(values()).filter(u -> u.mode().equals(mode) && u.antialias == antialias).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no latent upscaler with mode " + mode
                        + " antialias " + antialias));
    }

    /**
     * {@code interpolate(latent, size=(height, width), mode, antialias)}.
     *
     * @param latent {@code [B, C, h, w]} float32
     * @param height the output rows
     * @param width the output columns
     * @return {@code [B, C, height, width]} on {@code latent}'s manager
     */
    public NDArray upscale(NDArray latent, int height, int width) {
        Shape shape = latent.getShape();
        if (shape.dimension() != 4 || latent.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected a float32 [B, C, h, w] latent, got " + latent.getDataType()
                    + " " + shape);
        }
        int planes = Math.toIntExact(shape.get(0) * shape.get(1));
        int h = Math.toIntExact(shape.get(2));
        int w = Math.toIntExact(shape.get(3));
        float[] out = resize(latent.toFloatArray(), planes, h, w, height, width);
        return latent.getManager().create(out, new Shape(shape.get(0), shape.get(1), height, width));
    }

    /**
     * @param in {@code planes} row-major {@code h x w} planes
     * @return {@code planes} row-major {@code height x width} planes
     */
    float[] resize(float[] in, int planes, int h, int w, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + height + "x" + width);
        }
        Taps rows = interpolation.taps(h, height, antialias);
        Taps cols = interpolation.taps(w, width, antialias);
        float[] horizontal = new float[planes * h * width];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                int src = (p * h + y) * w;
                int dst = (p * h + y) * width;
                for (int x = 0; x < width; x++) {
                    float sum = 0f;
                    for (int k = 0; k < cols.width; k++) {
                        sum += cols.weight[x * cols.width + k] * in[src + cols.index[x * cols.width + k]];
                    }
                    horizontal[dst + x] = sum;
                }
            }
        }
        float[] out = new float[planes * height * width];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < height; y++) {
                int dst = (p * height + y) * width;
                for (int k = 0; k < rows.width; k++) {
                    float wk = rows.weight[y * rows.width + k];
                    if (wk == 0f) {
                        continue;
                    }
                    int src = (p * h + rows.index[y * rows.width + k]) * width;
                    for (int x = 0; x < width; x++) {
                        out[dst + x] += wk * horizontal[src + x];
                    }
                }
            }
        }
        return out;
    }
}
