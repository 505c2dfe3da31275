package io.sdjava.samples.cli;

import io.sdjava.spi.conformance.Fixtures;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** Finds the default fixtures directory for the CLI. */
final class FixturesLocation {
    private static final Path RELATIVE = Path.of("..", "shared", "fixtures");

    private FixturesLocation() {}

    /**
     * @return {@code -Dsd.fixtures} if set; else {@code ../shared/fixtures} from the current directory if it
     *     exists; else {@code ../shared/fixtures} beside the repository that holds this jar (which may not exist)
     */
    static Path defaultRoot() {
        String configured = System.getProperty(Fixtures.PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path fromCwd = RELATIVE.toAbsolutePath().normalize();
        if (Files.isDirectory(fromCwd)) {
            return fromCwd;
        }
        Path repo = repositoryRoot();
        return repo == null ? fromCwd : repo.resolve(RELATIVE).normalize();
    }

    /** The jar or classes folder lives in {@code <repo>/samples/target/}: climb three levels. */
    private static Path repositoryRoot() {
        try {
            CodeSource source = FixturesLocation.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            Path target = location.getParent();
            if (target == null || target.getParent() == null) {
                return null;
            }
            return target.getParent().getParent();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
