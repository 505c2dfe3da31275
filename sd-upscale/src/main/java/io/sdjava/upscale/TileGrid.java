package io.sdjava.upscale;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebUI's tile grid ({@code images.split_grid}): {@code cols = ceil((W-O)/(T-O))}, evenly spread origins
 * {@code int(c·dx)} with {@code dx = (W-T)/(cols-1)}, and an origin moved to {@code W-T} when the tile would reach
 * the edge (negative when the image is smaller than the tile).
 *
 * @param tileSize tile edge T
 * @param overlap overlap O
 * @param imageWidth W
 * @param imageHeight H
 * @param rows row origins y, top to bottom
 * @param cols column origins x, left to right (the same for every row)
 */
record TileGrid(int tileSize, int overlap, int imageWidth, int imageHeight, List<Integer> rows, List<Integer> cols) {
    TileGrid {
        rows = List.copyOf(rows);
        cols = List.copyOf(cols);
    }

    /**
     * @param width image width
     * @param height image height
     * @param tileSize tile edge, &gt; overlap
     * @param overlap overlap, &ge; 0
     * @return the grid
     */
    static TileGrid split(int width, int height, int tileSize, int overlap) {
        if (tileSize <= 0 || overlap < 0 || overlap >= tileSize) {
            throw new IllegalArgumentException("need tile size > overlap >= 0, got tile " + tileSize + ", overlap "
                    + overlap);
        }
        return new TileGrid(tileSize, overlap, width, height, origins(height, tileSize, overlap),
                origins(width, tileSize, overlap));
    }

    private static List<Integer> origins(int size, int tile, int overlap) {
        int count = (int) Math.ceil((double) (size - overlap) / (tile - overlap));
        double step = count > 1 ? (double) (size - tile) / (count - 1) : 0;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pos = (int) (i * step);
            if (pos + tile >= size) {
                pos = size - tile;
            }
            out.add(pos);
        }
        return out;
    }

    /** @return the number of tiles */
    int tileCount() {
        return rows.size() * cols.size();
    }

    /**
     * {@code images.combine_grid} on a grid scaled by {@code s}: per row, the first tile (x == 0) pasted as is,
     * later tiles blended over their left {@code O·s} columns with the ramp {@code uint8(i·255/(O·s))} and pasted
     * opaquely after it; rows combined the same way vertically.
     *
     * @param tiles upscaled tiles, {@code tiles.get(row).get(col)}, each {@code T·s} square
     * @param s the scale factor
     * @return the combined {@code W·s × H·s} image
     */
    RgbImage combine(List<List<RgbImage>> tiles, int s) {
        int tile = tileSize * s;
        int ov = overlap * s;
        int width = imageWidth * s;
        int[] rampW = ramp(ov, tile, true);
        int[] rampH = ramp(ov, width, false);
        RgbImage combined = RgbImage.black(width, imageHeight * s);
        for (int r = 0; r < rows.size(); r++) {
            RgbImage row = RgbImage.black(width, tile);
            for (int c = 0; c < cols.size(); c++) {
                RgbImage t = tiles.get(r).get(c);
                int x = cols.get(c) * s;
                if (x == 0) {
                    row.paste(t, 0, 0);
                    continue;
                }
                row.pasteBlended(t.crop(0, 0, ov, tile), x, 0, rampW);
                row.paste(t.crop(ov, 0, tile - ov, tile), x + ov, 0);
            }
            int y = rows.get(r) * s;
            if (y == 0) {
                combined.paste(row, 0, 0);
                continue;
            }
            combined.pasteBlended(row.crop(0, 0, width, ov), 0, y, rampH);
            combined.paste(row.crop(0, ov, width, tile - ov), 0, y + ov);
        }
        return combined;
    }

    /** The blend mask: {@code uint8(float32(i) * 255 / O)} along the overlap, repeated {@code length} times. */
    private static int[] ramp(int ov, int length, boolean horizontal) {
        int[] mask = new int[ov * length];
        for (int i = 0; i < ov; i++) {
            int m = (int) ((float) i * 255f / (float) ov);
            for (int j = 0; j < length; j++) {
                mask[horizontal ? j * ov + i : i * length + j] = m;
            }
        }
        return mask;
    }
}
