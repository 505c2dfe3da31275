package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagCommandTest {
    @TempDir
    Path dir;

    private static Path anyImage() throws IOException {
        try (var files = Files.list(Fixtures.area("tagger").resolve("images"))) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
    }

    private static Path anyModel() throws IOException {
        try (var dirs = Files.list(Fixtures.area("tagger"))) {
            return dirs.filter(p -> Files.isRegularFile(p.resolve("selected_tags.csv"))).sorted().findFirst()
                    .orElseThrow();
        }
    }

    @Test
    void printsRatingsTagsPromptAndExtendedPrompt() throws IOException {
        CliRun run = CliRun.of("tag", "--model", anyModel().toString(), "--threshold", "0.5", "--extend",
                "pixel art", anyImage().toString());
        assertEquals(0, run.code, run.toString());
        String out = run.out();
        assertTrue(out.contains("ratings:\n  general "), out);
        assertTrue(out.contains("general tags (threshold 0.5000):"), out);
        String prompt = out.lines().filter(l -> l.startsWith("prompt: ")).findFirst().orElseThrow().substring(8);
        String extended = out.lines().filter(l -> l.startsWith("extended: ")).findFirst().orElseThrow();
        assertEquals("extended: pixel art" + (prompt.isEmpty() ? "" : ", " + prompt), extended);
    }

    @Test
    void badInputsAreOneLineErrors() throws IOException {
        CliRun missing = CliRun.of("tag", "--model", dir.resolve("nope").toString(), anyImage().toString());
        assertEquals(1, missing.code, missing.toString());
        assertEquals("sd tag: tagger model folder " + dir.resolve("nope") + " does not exist", missing.err().strip());

        CliRun empty = CliRun.of("tag", "--model", dir.toString(), anyImage().toString());
        assertEquals(1, empty.code, empty.toString());
        assertTrue(empty.err().contains("no tagger found in") && empty.err().contains("selected_tags.csv"),
                empty.err());

        CliRun image = CliRun.of("tag", "--model", anyModel().toString(), dir.resolve("x.png").toString());
        assertEquals(1, image.code, image.toString());
        assertTrue(image.err().contains("x.png does not exist"), image.err());

        CliRun threshold = CliRun.of("tag", "--model", anyModel().toString(), "--threshold", "2",
                anyImage().toString());
        assertEquals(1, threshold.code, threshold.toString());
        assertTrue(threshold.err().contains("threshold 2.0 is out of range"), threshold.err());

        CliRun rules = CliRun.of("tag", "--model", anyModel().toString(), "--rules", "mine", anyImage().toString());
        assertEquals(1, rules.code, rules.toString());
        assertTrue(rules.err().contains("--rules mine is unknown"), rules.err());
    }
}
