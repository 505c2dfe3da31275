package io.sdjava.samples.cli;

import io.sdjava.GeneratedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A1111's output folder: images are saved as {@code NNNNN-SEED.png}, numbered after the highest number already
 * in the folder (as the WebUI's {@code get_next_sequence_number}), with the infotext in the PNG.
 */
final class OutputFolder {
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-.*");

    private final Path dir;
    private int next = -1;

    OutputFolder(Path dir) {
        this.dir = dir;
    }

    /** @return the file written */
    Path write(GeneratedImage image) {
        if (next < 0) {
            next = nextNumber(dir);
        }
        Path file = dir.resolve(String.format(Locale.ROOT, "%05d-%d.png", next++, image.seed()));
        PngFiles.write(file, image.image(), image.infotext());
        return file;
    }

    /** @return one more than the highest leading number of the folder's file names, 0 if none */
    static int nextNumber(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int max = -1;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = NUMBERED.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).length() <= 9) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot list output folder " + dir + ": " + OneLine.describe(e), e);
        }
        return max + 1;
    }
}
