package io.sdjava.spi;

import ai.djl.ndarray.NDManager;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import java.util.Objects;

/**
 * Everything a {@link Sampler} needs besides the model and the schedule.
 *
 * @param manager the generation scope; the sampler opens a sub-manager per step and attaches the result here
 * @param noise the source of fresh noise for ancestral and SDE samplers
 * @param options sampler options (eta, s_churn, ...)
 * @param listener receives one event per step
 * @param cancellation checked between steps
 */
public record SamplingContext(
        NDManager manager,
        NoiseSampler noise,
        SamplerOptions options,
        ProgressListener listener,
        CancellationToken cancellation) {
    /** Validates that no component is null. */
    public SamplingContext {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
    }
}
