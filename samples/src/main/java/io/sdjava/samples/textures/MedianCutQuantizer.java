package io.sdjava.samples.textures;

import io.sdjava.SdImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reduces an image to at most N colours with Heckbert's median cut, then maps every pixel to the nearest
 * palette colour (squared RGB distance, ties to the lower palette index), without dithering.
 *
 * <p>Why median cut: it is deterministic by construction (no random initialisation and no iteration count to
 * tune, unlike k-means), it always yields at most N colours, and on a 16x16 or 32x32 texture (256 to 1024
 * pixels) it is exact and instant. Splitting the box with the widest channel range first keeps small but
 * distinct details (an ore speck) that a popularity palette would drop. No dithering: error diffusion runs in
 * scan order, so it would treat the left and top edges differently from the right and bottom ones and break
 * the seamless tiling, and it adds noise that reads badly at 16 px. The per-pixel mapping keeps tiling intact.
 * Stateless.
 */
final class MedianCutQuantizer {
    private MedianCutQuantizer() {}

    /**
     * @param image the image
     * @param colors the largest number of colours, 2 or more
     * @return the image using at most {@code colors} distinct colours (the input itself if it already does)
     */
    static SdImage quantize(SdImage image, int colors) {
        if (colors < 2) {
            throw new IllegalArgumentException("colors is " + colors + "; at least 2");
        }
        int[] pixels = new int[image.width() * image.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = image.rgb(i % image.width(), i / image.width());
        }
        if (Arrays.stream(pixels).distinct().count() <= colors) {
            return image;
        }
        int[] palette = palette(pixels, colors);
        byte[] out = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            int p = palette[nearest(palette, pixels[i])];
            out[3 * i] = (byte) (p >>> 16);
            out[3 * i + 1] = (byte) (p >>> 8);
            out[3 * i + 2] = (byte) p;
        }
        return SdImage.fromRgb(image.width(), image.height(), out);
    }

    /** @return at most {@code colors} colours, {@code 0xRRGGBB}, in the order their boxes were made */
    static int[] palette(int[] pixels, int colors) {
        List<int[]> boxes = new ArrayList<>();
        boxes.add(pixels.clone());
        while (boxes.size() < colors) {
            int widest = -1;
            int widestRange = 0;
            for (int b = 0; b < boxes.size(); b++) {
                int range = range(boxes.get(b), widestChannel(boxes.get(b)));
                if (range > widestRange) {
                    widest = b;
                    widestRange = range;
                }
            }
            if (widest < 0) {
                break; // every box holds a single colour
            }
            int[] box = boxes.get(widest);
            int shift = 16 - 8 * widestChannel(box);
            Integer[] sorted = Arrays.stream(box).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, Comparator.<Integer>comparingInt(p -> p >>> shift & 0xFF).thenComparingInt(p -> p));
            int cut = medianCut(sorted, shift);
            boxes.set(widest, Arrays.stream(sorted, 0, cut).mapToInt(Integer::intValue).toArray());
            boxes.add(widest + 1, Arrays.stream(sorted, cut, sorted.length).mapToInt(Integer::intValue).toArray());
        }
        return boxes.stream().mapToInt(MedianCutQuantizer::mean).toArray();
    }

    /** The split index: the median, moved so that equal channel values stay in one box, never empty. */
    private static int medianCut(Integer[] sorted, int shift) {
        int cut = sorted.length / 2;
        int value = sorted[cut] >>> shift & 0xFF;
        int down = cut;
        while (down > 0 && (sorted[down - 1] >>> shift & 0xFF) == value) {
            down--;
        }
        if (down > 0) {
            return down;
        }
        int up = cut;
        while (up < sorted.length && (sorted[up] >>> shift & 0xFF) == value) {
            up++;
        }
        return up;
    }

    /** @return 0 (red), 1 (green) or 2 (blue): the channel with the widest range, the first on ties */
    private static int widestChannel(int[] box) {
        int best = 0;
        int bestRange = -1;
        for (int c = 0; c < 3; c++) {
            int range = range(box, c);
            if (range > bestRange) {
                best = c;
                bestRange = range;
            }
        }
        return best;
    }

    private static int range(int[] box, int channel) {
        int shift = 16 - 8 * channel;
        int min = 255;
        int max = 0;
        for (int p : box) {
            int v = p >>> shift & 0xFF;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static int mean(int[] box) {
        long r = 0;
        long g = 0;
        long b = 0;
        for (int p : box) {
            r += p >>> 16 & 0xFF;
            g += p >>> 8 & 0xFF;
            b += p & 0xFF;
        }
        int n = box.length;
        return (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8 | (int) ((b + n / 2) / n);
    }

    private static int nearest(int[] palette, int p) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = (palette[i] >>> 16 & 0xFF) - (p >>> 16 & 0xFF);
            int dg = (palette[i] >>> 8 & 0xFF) - (p >>> 8 & 0xFF);
            int db = (palette[i] & 0xFF) - (p & 0xFF);
            int d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }
}
