package io.sdjava.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set ({@code VmHWM} in {@code /proc/self/status}), printed by benchmarks. */
final class PeakRss {
    private PeakRss() {}

    /**
     * Prints the peak resident set so far.
     *
     * @param what a label for the line
     */
    static void report(String what) {
        try {
            Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .forEach(l -> System.out.println("[peak RSS, " + what + "] " + l.replaceAll("\\s+", " ")));
        } catch (IOException e) {
            System.out.println("[peak RSS] unavailable: " + e.getMessage());
        }
    }

    /**
     * Resets the peak to the current resident set (Linux: {@code 5} to {@code /proc/self/clear_refs}), so a later
     * {@link #report} shows the peak of what ran in between; prints why when the kernel refuses.
     */
    static void reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            System.out.println("[peak RSS] cannot reset: " + e.getMessage());
        }
    }
}
