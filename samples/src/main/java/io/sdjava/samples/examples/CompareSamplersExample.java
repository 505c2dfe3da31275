package io.sdjava.samples.examples;

import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.comparison.SamplerComparison;
import io.sdjava.spi.SamplerRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Comparing samplers without a model: {@link SamplerComparison} runs every sampler x scheduler on Gaussian data
 * whose probability-flow ODE has a closed-form solution. This example keeps the Karras schedule (timestep samplers
 * such as DDIM use their own), prints each sampler's error at 10 and 20 denoiser evaluations (NFE) and the observed
 * order of convergence {@code log(err@10 / err@20) / log(nfe@20 / nfe@10)}: about 1 for Euler, 2 for DPM++ 2M.
 * Stochastic samplers ({@code *}) are scored by how far their sample's spread is from the data's: no order.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.CompareSamplersExample [SIZE]
 * </pre>
 * The sampler's own cost per evaluation is measured by JMH:
 * {@code java -jar benchmarks/target/benchmarks.jar SamplerStepBenchmark}.
 */
public final class CompareSamplersExample {
    private CompareSamplersExample() {}

    public static void main(String[] args) {
        int latentSize = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        SamplerRegistry registry = SamplerRegistry.load();
        List<SamplerComparison.Row> rows;
        try (NDManager manager = NDManager.newBaseManager()) {
            rows = new SamplerComparison(registry).run(manager, latentSize, new int[] {10, 20}, 1234);
        }
        // Keep one schedule per sampler: Karras when it has one, else "Automatic" (timestep samplers).
        Map<String, List<SamplerComparison.Row>> bySampler = rows.stream()
                .filter(r -> r.schedule().equals("Karras") || r.schedule().equals("Automatic"))
                .collect(Collectors.groupingBy(SamplerComparison.Row::sampler));

        System.out.printf(Locale.ROOT, "%-22s %-10s %10s %10s %6s%n", "sampler", "schedule", "err@10", "err@20",
                "order");
        bySampler.values().stream()
                .sorted(Comparator.comparing((List<SamplerComparison.Row> r) -> r.get(0).stochastic())
                        .thenComparingDouble(r -> r.get(r.size() - 1).error()))
                .forEach(CompareSamplersExample::print);
    }

    private static void print(List<SamplerComparison.Row> rows) {
        SamplerComparison.Row at10 = rows.get(0);
        SamplerComparison.Row at20 = rows.get(rows.size() - 1);
        String order = at10.stochastic() ? "-" : String.format(Locale.ROOT, "%.2f",
                Math.log(at10.error() / at20.error()) / Math.log((double) at20.nfe() / at10.nfe()));
        String name = at10.sampler() + (at10.stochastic() ? " *" : "");
        System.out.printf(Locale.ROOT, "%-22s %-10s %10.2e %10.2e %6s%n", name, at10.schedule(), at10.error(),
                at20.error(), order);
    }
}
