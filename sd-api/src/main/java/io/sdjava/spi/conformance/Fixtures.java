package io.sdjava.spi.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the golden fixtures: the system property {@code sd.fixtures}, else {@code ../shared/fixtures}
 * relative to the working directory. Missing fixtures are an error, never a skip.
 */
public final class Fixtures {
    /** The system property that overrides the fixtures directory. */
    public static final String PROPERTY = "sd.fixtures";

    private Fixtures() {}

    /**
     * @return the fixtures root directory
     * @throws IllegalStateException if it does not exist
     */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        Path root = Path.of(configured != null && !configured.isBlank() ? configured : "../shared/fixtures")
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("golden fixtures not found at " + root
                    + " (set -D" + PROPERTY + "=DIR; tests fail, never skip, without them)");
        }
        return root;
    }

    /**
     * @param area an area folder name such as {@code "pickle"}
     * @return the area directory under {@link #root()}
     * @throws IllegalStateException if it does not exist
     */
    public static Path area(String area) {
        Path dir = root().resolve(area);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixture area '" + area + "' not found at " + dir);
        }
        return dir;
    }
}
