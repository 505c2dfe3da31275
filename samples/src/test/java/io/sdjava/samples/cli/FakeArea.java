package io.sdjava.samples.cli;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A test area named {@code fake}: each line of {@code fake/cases.txt} is {@code id pass|fail|throw [diff]}.
 * A {@code needs-asset} line passes only if {@code assets/asset.txt} exists beside the area folder.
 */
public final class FakeArea implements ConformanceArea {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        try {
            return Files.readAllLines(fixturesRoot.resolve("fake").resolve("cases.txt")).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> toCase(fixturesRoot, line.trim().split("\\s+")))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConformanceCase toCase(Path root, String[] f) {
        return new ConformanceCase() {
            @Override
            public String id() {
                return f[0];
            }

            @Override
            public CaseResult run() {
                return switch (f[1]) {
                    case "pass" -> CaseResult.pass(f.length > 2 ? Double.parseDouble(f[2]) : 0);
                    case "fail" -> f.length > 2
                            ? CaseResult.fail("values differ", Double.parseDouble(f[2]))
                            : CaseResult.fail("wrong shape");
                    case "needs-asset" -> Files.exists(root.resolve("assets").resolve("asset.txt"))
                            ? CaseResult.pass()
                            : CaseResult.fail("asset missing");
                    default -> throw new IllegalStateException("boom in " + f[0]);
                };
            }
        };
    }
}
