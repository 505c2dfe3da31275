package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplingContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/** k-diffusion {@code sample_lms}: linear multistep of order 4 over the sigma schedule. */
final class LmsSampler implements Sampler {
    private static final int ORDER = 4;
    // 4-point Gauss-Legendre: exact for the cubic Lagrange basis products
    private static final double[] NODES = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
        0.8611363115940526};
    private static final double[] WEIGHTS = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
        0.3478548451374538};

    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            Deque<NDArray> ds = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                NDArray denoised = run.denoise(denoiser, x, sigmas[i]);
                ds.addLast(SamplerMath.toD(x, sigmas[i], denoised));
                if (ds.size() > ORDER) {
                    ds.removeFirst();
                }
                run.report(i, sigmas[i], x, denoised);
                int order = Math.min(i + 1, ORDER);
                Iterator<NDArray> newestFirst = ds.descendingIterator();
                for (int j = 0; j < order; j++) {
                    x = x.add(newestFirst.next().mul(coefficient(order, sigmas, i, j)));
                }
                NDArray[] survivors = new NDArray[ds.size() + 1];
                ds.toArray(survivors);
                survivors[ds.size()] = x;
                run.next(survivors);
            }
            return run.finish(x);
        }
    }

    static double coefficient(int order, double[] t, int i, int j) {
        double a = t[i];
        double b = t[i + 1];
        double sum = 0;
        for (int q = 0; q < NODES.length; q++) {
            double tau = 0.5 * (b - a) * NODES[q] + 0.5 * (a + b);
            double prod = 1;
            for (int k = 0; k < order; k++) {
                if (k != j) {
                    prod *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
                }
            }
            sum += WEIGHTS[q] * prod;
        }
        return sum * 0.5 * (b - a);
    }
}
