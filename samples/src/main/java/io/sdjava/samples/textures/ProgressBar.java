package io.sdjava.samples.textures;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line text progress bar over the textures of a pack, redrawn in place with {@code \r}, e.g.
 * {@code [#######.............] 3/8 minecraft:block/stone  step 12/20}. Not thread-safe: called from the
 * generating thread only.
 */
final class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final int total;
    private int done;
    private String current = "";
    private int lastLength;

    /**
     * @param out where to draw
     * @param total the number of textures
     */
    ProgressBar(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Starts the next texture. */
    void begin(String id) {
        current = id;
        draw(0, 0);
    }

    /** Shows a sampler step of the current texture. */
    void step(int step, int steps) {
        draw(step, steps);
    }

    /** Marks the current texture finished. */
    void finish() {
        done++;
        draw(0, 0);
    }

    /** Ends the bar's line. */
    void close() {
        out.println();
        out.flush();
    }

    private void draw(int step, int steps) {
        double fraction = (done + (steps > 0 ? (double) step / steps : 0)) / total;
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d %s%s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, current, steps > 0 ? "  step " + step + "/" + steps : "");
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }
}
