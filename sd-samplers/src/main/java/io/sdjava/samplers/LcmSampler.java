package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplingContext;

/**
 * A1111's {@code sample_lcm}: jump to the denoised estimate, then re-noise to the next sigma. Use it with an
 * {@link LcmDenoiser} (the LCM consistency scalings) and the {@link io.sdjava.samplers.schedule.LcmModelSigmas}.
 */
final class LcmSampler implements Sampler {
    @Override
    public NDArray sample(Denoiser denoiser, NDArray input, double[] sigmas, SamplingContext ctx) {
        SamplerMath.requireSteps(sigmas);
        int n = sigmas.length - 1;
        try (SamplingRun run = new SamplingRun(ctx, n)) {
            NDArray x = run.start(input);
            for (int i = 0; i < n; i++) {
                NDArray denoised = run.denoise(denoiser, x, sigmas[i]);
                run.report(i, sigmas[i], x, denoised);
                x = denoised;
                if (sigmas[i + 1] > 0) {
                    x = x.add(run.noise(sigmas[i], sigmas[i + 1]).mul(sigmas[i + 1]));
                }
                run.next(x);
            }
            return run.finish(x);
        }
    }
}
