package io.sdjava.samples.cli;

import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the golden cases of a fixtures directory against the implemented {@link ConformanceArea}s and prints
 * one line per case plus a summary. Each subfolder of the directory is an area; folders without an
 * implementation are reported as skipped.
 */
final class ConformanceRunner {
    /** Totals of a run. */
    record Summary(int passed, int failed, int skipped) {
        /** @return {@code "N passed, M failed"}, plus {@code ", K skipped"} when areas were skipped */
        String line() {
            return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
        }
    }

    private final Map<String, ConformanceArea> areas = new LinkedHashMap<>();
    private final PrintWriter out;
    private int passed;
    private int failed;
    private int skipped;

    ConformanceRunner(Collection<ConformanceArea> implemented, PrintWriter out) {
        implemented.forEach(a -> areas.putIfAbsent(a.name(), a));
        this.out = out;
    }

    /** Records a problem found before running (for example a provider that failed to load) as a failure. */
    void fail(String what, String detail) {
        println("FAIL " + what + ": " + detail);
        failed++;
    }

    /**
     * Runs the areas found in {@code root}.
     *
     * @param root the fixtures directory
     * @param only area names to restrict to (empty: every folder of {@code root}); the other folders then only
     *     serve as assets
     * @return the totals
     */
    Summary run(Path root, List<String> only) {
        List<String> folders = folders(root);
        Collection<String> selected = only.isEmpty() ? folders : new LinkedHashSet<>(only);
        for (String name : selected) {
            ConformanceArea area = areas.get(name);
            boolean present = folders.contains(name);
            if (area == null && present) {
                println("SKIP " + name + " (not implemented yet)");
                skipped++;
            } else if (area == null) {
                fail(name, "no folder " + root.resolve(name) + " and no implementation (implemented: "
                        + String.join(", ", areas.keySet()) + ")");
            } else if (!present) {
                fail(name, "no folder " + root.resolve(name));
            } else {
                runArea(root, area);
            }
        }
        return new Summary(passed, failed, skipped);
    }

    private void runArea(Path root, ConformanceArea area) {
        List<ConformanceCase> cases;
        try {
            cases = area.cases(root);
        } catch (RuntimeException | Error e) {
            fail(area.name(), "cannot list cases: " + OneLine.describe(e));
            return;
        }
        if (cases.isEmpty()) {
            fail(area.name(), "no cases found in " + root.resolve(area.name()));
            return;
        }
        for (ConformanceCase c : cases) {
            String id = area.name() + "/" + c.id();
            CaseResult result;
            try {
                result = c.run();
            } catch (Exception | Error e) { // StackOverflowError, UnsatisfiedLinkError, AssertionError: a failure
                fail(id, OneLine.describe(e));
                continue;
            }
            if (result == null) {
                fail(id, "the case returned no result");
            } else if (result.passed()) {
                println("PASS " + id);
                passed++;
            } else {
                fail(id, failureDetail(result));
            }
        }
    }

    private static String failureDetail(CaseResult result) {
        String detail = result.detail() == null || result.detail().isBlank() ? "mismatch" : result.detail();
        detail = OneLine.sanitize(detail, 2000);
        if (Double.isNaN(result.maxAbsDiff())) {
            return detail;
        }
        return detail + ", max abs diff " + String.format(Locale.ROOT, "%.6g", result.maxAbsDiff());
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    private static List<String> folders(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            List<String> names = new ArrayList<>();
            children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixtures directory " + root, e);
        }
    }
}
