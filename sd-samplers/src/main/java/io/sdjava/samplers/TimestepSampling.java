package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.TimestepDenoiser;
import java.util.Arrays;

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

    /**
     * A1111's image-to-image timesteps: the full list for {@code steps}, checked against {@code tEnc}.
     *
     * @return the full ascending timesteps; the pass runs over the first {@code tEnc}
     */
    static int[] imageToImageTimesteps(int steps, int tEnc, int trainSteps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one step, got " + steps);
        }
        int[] ts = timesteps(steps, trainSteps);
        if (tEnc < 0 || tEnc >= ts.length) {
            throw new IllegalArgumentException("t_enc " + tEnc + " must be in 0.." + (ts.length - 1));
        }
        return ts;
    }

    /** @return the first {@code tEnc} timesteps, A1111's {@code timesteps[:t_enc]} */
    static int[] head(int[] ts, int tEnc) {
        return Arrays.copyOf(ts, tEnc);
    }

    /**
     * A1111's {@code x * sqrt(a_t) + noise * sqrt(1 - a_t)} with {@code a_t = alphas_cumprod[t]}, the scalars in
     * float32 as torch computes them.
     *
     * @return the noised latent on {@code init}'s manager
     */
    static NDArray noised(NDArray init, NDArray noise, double alphaCumprod) {
        float a = (float) alphaCumprod;
        float sqrtA = (float) Math.sqrt(a);
        float sqrtOneMinusA = (float) Math.sqrt((float) (1f - a));
        try (NDArray signal = init.mul(sqrtA); NDArray scaled = noise.mul(sqrtOneMinusA)) {
            return signal.add(scaled);
        }
    }
}
