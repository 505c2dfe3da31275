package io.sdjava.samples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line text progress bar redrawn in place with {@code \r} ({@code label [#####.....] 3/10 unit 1.2 s/unit}).
 * Not thread-safe; drive it from the thread doing the work.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String unit;
    private long startNanos;
    private int firstDone;
    private int lastDone = -1;
    private int lastTotal = -1;
    private String lastLabel = "";
    private boolean drawn;

    /**
     * @param out where to draw (stderr, so stdout stays clean for results)
     * @param unit what is counted, e.g. {@code "tiles"} or {@code "steps"}
     */
    ProgressBar(PrintWriter out, String unit) {
        this.out = out;
        this.unit = unit;
    }

    /** Redraws the bar; a new label or total restarts the rate measurement. */
    void update(int done, int total, String label) {
        long now = System.nanoTime();
        if (total != lastTotal || !label.equals(lastLabel) || done < lastDone) {
            startNanos = now;
            firstDone = done;
            if (drawn && !label.equals(lastLabel)) {
                out.println();
            }
        }
        lastDone = done;
        lastTotal = total;
        lastLabel = label;
        out.print('\r');
        out.print(render(done, total, label, done - firstDone, (now - startNanos) / 1e9));
        out.flush();
        drawn = true;
    }

    /** Ends the line if a bar was drawn. */
    void finish() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
            lastLabel = "";
            lastTotal = -1;
        }
    }

    /** @param timed how many of the {@code done} units took {@code seconds} (those since the first update) */
    String render(int done, int total, String label, int timed, double seconds) {
        int filled = total <= 0 ? 0 : (int) ((long) WIDTH * Math.min(done, total) / total);
        StringBuilder sb = new StringBuilder();
        if (!label.isEmpty()) {
            sb.append(label).append(' ');
        }
        sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                .append(done).append('/').append(total).append(' ').append(unit);
        if (timed > 0 && seconds > 0) {
            sb.append(String.format(Locale.ROOT, " %.2f s/%s", seconds / timed, singular()));
        }
        return sb.toString();
    }

    private String singular() {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
}
