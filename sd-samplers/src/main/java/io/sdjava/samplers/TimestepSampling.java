package io.sdjava.samplers;

import io.sdjava.spi.Denoiser;
import io.sdjava.spi.TimestepDenoiser;

/** Shared pieces of A1111's timestep samplers (DDIM, PLMS, UniPC). */
final class TimestepSampling {
    private TimestepSampling() {}

    /** @return A1111's {@code clip(range(0, T, T // steps) + 1, 0, T - 1)}, ascending */
    static int[] timesteps(int steps, int trainSteps) {
        int stride = trainSteps / steps;
        if (stride < 1) {
            throw new IllegalArgumentException("at most " + trainSteps + " steps, got " + steps);
        }
        int count = (trainSteps + stride - 1) / stride;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.min(Math.max(i * stride + 1, 0), trainSteps - 1);
        }
        return out;
    }

    static TimestepDenoiser require(Denoiser denoiser, String sampler) {
        if (denoiser instanceof TimestepDenoiser td) {
            return td;
        }
        throw new IllegalArgumentException(sampler + " needs a TimestepDenoiser (eps prediction at timesteps), got "
                + denoiser.getClass().getName());
    }

    static int steps(double[] sigmas) {
        SamplerMath.requireSteps(sigmas);
        return sigmas.length - 1;
    }
}
