package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {
    @TempDir
    Path fixtures;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SdCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    private void fixture(String... caseLines) throws IOException {
        Files.createDirectories(fixtures.resolve("fake"));
        Files.write(fixtures.resolve("fake/cases.txt"), List.of(caseLines));
        Files.createDirectories(fixtures.resolve("assets"));
        Files.writeString(fixtures.resolve("assets/asset.txt"), "x");
        Files.createDirectories(fixtures.resolve("zz-unknown"));
    }

    @Test
    void allPassingExitsZeroAndSkipsUnimplementedFolders() throws IOException {
        fixture("a pass 0.001", "b pass", "c needs-asset");
        int code = run("conformance", "--fixtures", fixtures.toString());
        assertEquals(0, code, out + "\n" + err);
        assertEquals(List.of("SKIP assets (not implemented yet)", "PASS fake/a", "PASS fake/b", "PASS fake/c",
                "SKIP zz-unknown (not implemented yet)", "3 passed, 0 failed, 2 skipped"), lines());
    }

    @Test
    void failuresAndExceptionsAreReportedAndExitNonZero() throws IOException {
        fixture("a pass", "b fail 0.5", "c fail", "d throw");
        int code = run("conformance", "--fixtures", fixtures.toString(), "--area", "fake");
        assertEquals(1, code, out + "\n" + err);
        assertEquals(List.of("PASS fake/a", "FAIL fake/b: values differ, max abs diff 0.500000",
                "FAIL fake/c: wrong shape", "FAIL fake/d: IllegalStateException: boom in d", "1 passed, 3 failed"),
                lines());
    }

    @Test
    void areaRestrictionUsesOtherFoldersOnlyAsAssets() throws IOException {
        fixture("c needs-asset");
        int code = run("conformance", "--fixtures", fixtures.toString(), "--area", "fake");
        assertEquals(0, code);
        assertEquals(List.of("PASS fake/c", "1 passed, 0 failed"), lines());
    }

    @Test
    void unknownAreaOrMissingFolderFails() throws IOException {
        fixture("a pass");
        int code = run("conformance", "--fixtures", fixtures.toString(), "--area", "fake", "--area", "nope");
        assertEquals(1, code);
        List<String> lines = lines();
        assertTrue(lines.get(1).startsWith("FAIL nope: no folder"), lines.toString());
        assertEquals("1 passed, 1 failed", lines.get(2));
    }

    @Test
    void emptyAreaIsAFailureNotASilentPass() throws IOException {
        fixture();
        int code = run("conformance", "--fixtures", fixtures.toString(), "--area", "fake");
        assertEquals(1, code);
        assertTrue(lines().get(0).startsWith("FAIL fake: no cases found"), out.toString());
    }

    @Test
    void missingFixturesDirectoryIsAnErrorLine() {
        int code = run("conformance", "--fixtures", fixtures.resolve("absent").toString());
        assertEquals(2, code);
        assertEquals("", out.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("fixtures directory not found"), err.toString());
    }

    @Test
    void unimplementedFolderAloneIsSkippedAndExitsZero() throws IOException {
        Files.createDirectories(fixtures.resolve("later"));
        int code = run("conformance", "--fixtures", fixtures.toString());
        assertEquals(0, code);
        assertEquals(List.of("SKIP later (not implemented yet)", "0 passed, 0 failed, 1 skipped"), lines());
        assertFalse(out.toString().contains("FAIL"));
    }
}
