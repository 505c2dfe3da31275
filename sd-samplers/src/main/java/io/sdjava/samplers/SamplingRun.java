package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.StepEvent;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.StepCallback;

/**
 * One sampler invocation's bookkeeping: memory generations, cancellation, noise, progress.
 *
 * <p>Memory: every array of a step lives in the current "generation" manager (a child of the context manager).
 * {@link #next} moves the survivors (the latent and the sampler's history) into a fresh generation and closes
 * the previous one, so exactly one step's temporaries are alive at any time. Not thread-safe (one per call).
 */
final class SamplingRun implements AutoCloseable {
    private final SamplingContext ctx;
    private final int totalSteps;
    private NDManager generation;
    private int generationIndex;

    SamplingRun(SamplingContext ctx, int totalSteps) {
        this.ctx = ctx;
        this.totalSteps = totalSteps;
        this.generation = newGeneration();
    }

    private NDManager newGeneration() {
        NDManager m = ctx.manager().newSubManager();
        m.setName("sampler-step-" + generationIndex++);
        return m;
    }

    SamplingContext ctx() {
        return ctx;
    }

    /** @return a private copy of the caller's latent, owned by this run */
    NDArray start(NDArray x) {
        return own(x.duplicate());
    }

    /** Moves {@code a} into the current generation. */
    NDArray own(NDArray a) {
        if (a != null && a.getManager() != generation) {
            a.attach(generation);
        }
        return a;
    }

    /** Checks cancellation, evaluates the denoiser and owns the result. */
    NDArray denoise(Denoiser denoiser, NDArray x, double sigma) {
        ctx.cancellation().throwIfCancelled();
        return own(denoiser.denoise(x, sigma));
    }

    /** Draws one noise tensor from the context's noise source. */
    NDArray noise(double sigma, double sigmaNext) {
        return own(ctx.noise().next(sigma, sigmaNext));
    }

    /** Reports a step to the callback and the listener. */
    void report(int step, double sigma, NDArray x, NDArray denoised) {
        StepCallback callback = ctx.callback();
        if (callback != null) {
            callback.onStep(step, sigma, x, denoised);
        }
        ctx.listener().onStep(new StepEvent(step + 1, totalSteps, sigma));
    }

    /** Ends a step: the given arrays survive into the next generation, everything else of the step is freed. */
    void next(NDArray... survivors) {
        NDManager fresh = newGeneration();
        for (NDArray s : survivors) {
            if (s != null) {
                s.attach(fresh);
            }
        }
        generation.close();
        generation = fresh;
    }

    /** @return {@code x} attached to the context manager; the run's memory is released */
    NDArray finish(NDArray x) {
        x.attach(ctx.manager());
        generation.close();
        return x;
    }

    @Override
    public void close() {
        generation.close();
    }
}
