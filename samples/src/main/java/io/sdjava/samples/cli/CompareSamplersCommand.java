package io.sdjava.samples.cli;

import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.comparison.SamplerComparison;
import io.sdjava.spi.SamplerRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sd compare-samplers}: error of every sampler x scheduler at equal numbers of denoiser evaluations on a
 * problem with a closed-form answer (no model weights needed); prints a table and optionally writes a PNG plot.
 */
@Command(
        name = "compare-samplers",
        mixinStandardHelpOptions = true,
        description = "Compares every sampler and scheduler at equal numbers of denoiser evaluations (NFE) on "
                + "Gaussian data with a closed-form answer; no model weights needed.")
final class CompareSamplersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "64",
            description = "latent height and width, 4 channels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--nfe", paramLabel = "LIST", split = ",", defaultValue = "10,20,40",
            description = "NFE budgets (default: ${DEFAULT-VALUE})")
    int[] budgets;

    @Option(names = "--seed", defaultValue = "1234", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "also write error vs NFE (one line per sampler, its default scheduler) as a PNG")
    Path plot;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<SamplerComparison.Row> rows;
        try (NDManager manager = NDManager.newBaseManager()) {
            rows = new SamplerComparison(SamplerRegistry.load()).run(manager, size, budgets, seed);
        }
        out.printf("Latent 4x%dx%d, data N(mu, 0.5^2), seed %d.%n", size, size, seed);
        out.print(SamplerComparison.table(rows));
        if (plot != null) {
            ErrorPlot.write(rows, plot);
            out.println("plot written to " + plot);
        }
        out.flush();
        return 0;
    }
}
