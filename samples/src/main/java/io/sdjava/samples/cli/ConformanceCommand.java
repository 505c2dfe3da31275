package io.sdjava.samples.cli;

import io.sdjava.spi.conformance.ConformanceArea;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sd conformance}: runs every golden case of a fixtures directory for the areas implemented so far. */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the golden cases of every fixture area that is implemented (found through ServiceLoader) and "
                    + "prints PASS/FAIL per case, SKIP per area not implemented yet, then 'N passed, M failed'.",
            "Exit status: 0 if nothing failed, 1 if a case failed, 2 if the fixtures directory is missing."
        })
final class ConformanceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fixtures", paramLabel = "DIR",
            description = "fixtures directory, one folder per area (default: -Dsd.fixtures, else "
                    + "../shared/fixtures from the current directory or from the repository root)")
    Path fixtures;

    @Option(names = "--area", paramLabel = "NAME",
            description = "run only this area (repeatable); other folders then only serve as assets")
    List<String> areas = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = fixtures != null ? fixtures : FixturesLocation.defaultRoot();
        if (!Files.isDirectory(root)) {
            err.println("sd conformance: fixtures directory not found: " + root.toAbsolutePath().normalize()
                    + (fixtures == null ? " (pass --fixtures DIR or -Dsd.fixtures=DIR)" : ""));
            err.flush();
            return 2;
        }
        root = root.toAbsolutePath().normalize();
        List<ConformanceArea> implemented = new ArrayList<>();
        List<String> loadErrors = new ArrayList<>();
        Iterator<ConformanceArea> it = ServiceLoader.load(ConformanceArea.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                implemented.add(it.next());
            } catch (ServiceConfigurationError e) {
                loadErrors.add(OneLine.describe(e));
            }
        }
        ConformanceRunner runner = new ConformanceRunner(implemented, out);
        loadErrors.forEach(e -> runner.fail("provider", e));
        ConformanceRunner.Summary summary = runner.run(root, areas);
        out.println(summary.line());
        out.flush();
        return summary.failed() == 0 ? 0 : 1;
    }
}
