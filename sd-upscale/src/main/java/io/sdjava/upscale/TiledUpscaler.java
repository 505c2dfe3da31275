package io.sdjava.upscale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The WebUI's {@code upscale_with_model}: a tile size of 0 runs the model on the whole image; otherwise the image
 * is split into {@link TileGrid} tiles (black outside the image), each tile upscaled alone in 8-bit space and the
 * results recombined with the linear overlap blend. Defaults: tile 192, overlap 8 (the WebUI's ESRGAN_tile and
 * ESRGAN_tile_overlap).
 */
final class TiledUpscaler {
    /** The WebUI's default tile size. */
    static final int DEFAULT_TILE_SIZE = 192;
    /** The WebUI's default tile overlap. */
    static final int DEFAULT_TILE_OVERLAP = 8;

    /** Receives progress after each tile. */
    @FunctionalInterface
    interface TileListener {
        /**
         * @param done tiles finished
         * @param total tiles in the grid
         */
        void tileDone(int done, int total);
    }

    private final int tileSize;
    private final int overlap;

    /**
     * @param tileSize tile edge in input pixels, 0 = untiled
     * @param overlap overlap in input pixels, smaller than the tile size
     */
    TiledUpscaler(int tileSize, int overlap) {
        if (tileSize < 0 || overlap < 0 || (tileSize > 0 && overlap >= tileSize)) {
            throw new IllegalArgumentException("need tile size 0 (untiled) or > overlap >= 0, got tile " + tileSize
                    + ", overlap " + overlap);
        }
        this.tileSize = tileSize;
        this.overlap = overlap;
    }

    /**
     * @param image the input
     * @param patch one untiled model pass
     * @param listener progress, may be {@code null}
     * @return the upscaled image
     */
    RgbImage upscale(RgbImage image, UnaryOperator<RgbImage> patch, TileListener listener) {
        if (tileSize == 0) {
            RgbImage out = patch.apply(image);
            if (listener != null) {
                listener.tileDone(1, 1);
            }
            return out;
        }
        TileGrid grid = TileGrid.split(image.width(), image.height(), tileSize, overlap);
        List<List<RgbImage>> tiles = new ArrayList<>();
        int scale = 0;
        int done = 0;
        for (int y : grid.rows()) {
            List<RgbImage> row = new ArrayList<>();
            for (int x : grid.cols()) {
                RgbImage out = patch.apply(image.crop(x, y, tileSize, tileSize));
                scale = out.width() / tileSize;
                row.add(out);
                if (listener != null) {
                    listener.tileDone(++done, grid.tileCount());
                }
            }
            tiles.add(row);
        }
        return grid.combine(tiles, scale);
    }
}
