package io.sdjava.spi.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * One area of golden fixtures (for example {@code pickle} or {@code samplers}), found through
 * {@link java.util.ServiceLoader}. The conformance runner and the JUnit golden tests both run the cases an
 * area lists, so they share one comparison code path.
 */
public interface ConformanceArea {
    /** @return the area's folder name in a fixtures directory, for example {@code "pickle"} */
    String name();

    /**
     * Lists the cases of this area, read from the fixture files (a new case in the same format needs no code).
     *
     * @param fixturesRoot the fixtures directory that holds the area folder (and sibling areas used as assets)
     * @return the cases, in a stable order
     * @throws java.io.UncheckedIOException if the area's index cannot be read
     */
    List<ConformanceCase> cases(Path fixturesRoot);
}
