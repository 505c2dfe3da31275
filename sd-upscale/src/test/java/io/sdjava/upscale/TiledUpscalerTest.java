package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The WebUI tile grid and recombination, with a nearest-neighbour stand-in for the network. */
class TiledUpscalerTest {
    private static RgbImage random(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    /** Nearest x{@code s}: tiling must not change it except where tiles cover black outside the image. */
    private static UnaryOperator<RgbImage> nearest(int s) {
        return img -> {
            RgbImage out = RgbImage.black(img.width() * s, img.height() * s);
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    for (int c = 0; c < 3; c++) {
                        out.rgb()[(y * out.width() + x) * 3 + c] = (byte) img.get(x / s, y / s, c);
                    }
                }
            }
            return out;
        };
    }

    @Test
    void gridMatchesTheReadmeExamples() {
        TileGrid g = TileGrid.split(36, 40, 16, 4);
        assertEquals(List.of(0, 12, 24), g.rows());
        assertEquals(List.of(0, 10, 20), g.cols());
        TileGrid small = TileGrid.split(260, 120, 192, 8);
        assertEquals(List.of(-72), small.rows());
        assertEquals(List.of(0, 68), small.cols());
        assertEquals(2, small.tileCount());
    }

    @Test
    void blendingEqualTilesReproducesTheUntiledResult() {
        RgbImage img = random(50, 37, 7);
        RgbImage untiled = nearest(3).apply(img);
        List<int[]> progress = new ArrayList<>();
        RgbImage tiled = new TiledUpscaler(16, 4).upscale(img, nearest(3), (d, t) -> progress.add(new int[] {d, t}));
        assertArrayEquals(untiled.rgb(), tiled.rgb());
        TileGrid g = TileGrid.split(50, 37, 16, 4);
        assertEquals(g.tileCount(), progress.size());
        assertArrayEquals(new int[] {g.tileCount(), g.tileCount()}, progress.get(progress.size() - 1));
    }

    @Test
    void tilesLargerThanTheImageReadBlackOutside() {
        RgbImage img = random(10, 6, 3);
        RgbImage tile = img.crop(-2, -4, 8, 8);
        assertEquals(0, tile.get(0, 0, 0));
        assertEquals(img.get(0, 0, 1), tile.get(2, 4, 1));
        assertEquals(img.get(5, 3, 2), tile.get(7, 7, 2));
    }

    @Test
    void maskedPasteUsesPilDiv255() {
        RgbImage dst = new RgbImage(1, 1, new byte[] {(byte) 200, 10, 0});
        RgbImage src = new RgbImage(1, 1, new byte[] {50, (byte) 255, 7});
        dst.pasteBlended(src, 0, 0, new int[] {100});
        int[] expected = new int[3];
        int[] d = {200, 10, 0};
        int[] s = {50, 255, 7};
        for (int c = 0; c < 3; c++) {
            int v = d[c] * 155 + s[c] * 100 + 128;
            expected[c] = (v + (v >> 8)) >> 8;
            assertEquals(expected[c], dst.get(0, 0, c));
        }
    }

    @Test
    void rejectsOverlapNotSmallerThanTile() {
        assertThrows(IllegalArgumentException.class, () -> new TiledUpscaler(8, 8));
        assertThrows(IllegalArgumentException.class, () -> new TiledUpscaler(-1, 0));
    }
}
