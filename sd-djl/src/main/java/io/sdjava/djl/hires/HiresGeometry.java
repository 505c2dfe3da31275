package io.sdjava.djl.hires;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.sdjava.HiresFix;

/**
 * A1111's {@code calculate_target_resolution} for Hires. fix: the size the first pass is upscaled to
 * ({@code hr_upscale_to}) and the latent columns/rows cropped afterwards ({@code truncate_x/y}) when an explicit
 * resize box with another aspect ratio was asked for. Immutable.
 *
 * @param upscaleWidth {@code hr_upscale_to_x}, pixels
 * @param upscaleHeight {@code hr_upscale_to_y}, pixels
 * @param truncateX latent columns cropped (half left, rounded down; the rest right)
 * @param truncateY latent rows cropped (half top, rounded down; the rest bottom)
 */
public record HiresGeometry(int upscaleWidth, int upscaleHeight, int truncateX, int truncateY) {
    /** Pixels per latent cell (A1111's {@code opt_f}). */
    public static final int LATENT_FACTOR = 8;

    /**
     * @param hires the hires settings
     * @param width the first pass's width
     * @param height the first pass's height
     * @return the geometry
     */
    public static HiresGeometry of(HiresFix hires, int width, int height) {
        HiresFix.Size to = hires.upscaleTo(width, height);
        int truncateX = 0;
        int truncateY = 0;
        if (hires.resizeX() != 0 && hires.resizeY() != 0) {
            truncateX = Math.floorDiv(to.width() - hires.resizeX(), LATENT_FACTOR);
            truncateY = Math.floorDiv(to.height() - hires.resizeY(), LATENT_FACTOR);
        }
        return new HiresGeometry(to.width(), to.height(), truncateX, truncateY);
    }

    /** @return the rows of the upscaled latent, {@code hr_upscale_to_y // 8} */
    public int latentHeight() {
        return upscaleHeight / LATENT_FACTOR;
    }

    /** @return the columns of the upscaled latent, {@code hr_upscale_to_x // 8} */
    public int latentWidth() {
        return upscaleWidth / LATENT_FACTOR;
    }

    /** @return the second pass's latent rows, after the crop */
    public int croppedLatentHeight() {
        return latentHeight() - truncateY;
    }

    /** @return the second pass's latent columns, after the crop */
    public int croppedLatentWidth() {
        return latentWidth() - truncateX;
    }

    /**
     * {@code latent[:, :, ty//2 : h - (ty+1)//2, tx//2 : w - (tx+1)//2]}.
     *
     * @param latent {@code [B, C, h, w]}
     * @return the cropped latent (a new array on {@code latent}'s manager; the input itself if nothing is cropped)
     */
    public NDArray crop(NDArray latent) {
        if (truncateX == 0 && truncateY == 0) {
            return latent;
        }
        long h = latent.getShape().get(2);
        long w = latent.getShape().get(3);
        return latent.get(new NDIndex(":, :, {}:{}, {}:{}", truncateY / 2, h - (truncateY + 1) / 2, truncateX / 2,
                w - (truncateX + 1) / 2));
    }
}
