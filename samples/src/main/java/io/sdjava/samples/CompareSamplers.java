package io.sdjava.samples;

import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.comparison.SamplerComparison;
import io.sdjava.spi.SamplerRegistry;
import java.util.List;

/**
 * Compares every sampler and scheduler on a problem with a closed-form answer (no model weights needed) and
 * prints the error at equal numbers of denoiser evaluations.
 *
 * <p>Usage: {@code CompareSamplers [latentSize=64] [budgets=10,20,40]}
 */
public final class CompareSamplers {
    private CompareSamplers() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int[] budgets = args.length > 1
                ? List.of(args[1].split(",")).stream().mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 20, 40};
        SamplerRegistry registry = SamplerRegistry.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<SamplerComparison.Row> rows = new SamplerComparison(registry).run(manager, size, budgets, 1234);
            System.out.println("Latent 4x" + size + "x" + size + "; data N(mu, 0.5^2); seed 1234.");
            System.out.print(SamplerComparison.table(rows));
        }
    }
}
