package io.sdjava.spi;

import ai.djl.ndarray.NDManager;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import java.util.Objects;

/**
 * Everything a {@link Sampler} needs besides the model and the schedule.
 *
 * @param manager the generation scope; the sampler opens a sub-manager per step and attaches the result here
 * @param noise the source of fresh noise (per-image generators, or a Brownian tree for
 *     {@link SamplerInfo.Noise#BROWNIAN} samplers)
 * @param options sampler options (eta, s_churn, ...)
 * @param listener receives one event per step
 * @param cancellation checked before every denoiser evaluation
 * @param modelSigmas the model's trained noise levels (needed by {@link SamplerInfo.Kind#MODEL_RANGE} samplers);
 *     may be {@code null} otherwise
 * @param callback receives the latent and the denoised preview of every step; may be {@code null}
 */
public record SamplingContext(
        NDManager manager,
        NoiseSampler noise,
        SamplerOptions options,
        ProgressListener listener,
        CancellationToken cancellation,
        ModelSigmas modelSigmas,
        StepCallback callback) {
    /**
     * Validates that no required component is null.
     *
     * @param manager see {@link #manager()}
     * @param noise see {@link #noise()}
     * @param options see {@link #options()}
     * @param listener see {@link #listener()}
     * @param cancellation see {@link #cancellation()}
     * @param modelSigmas see {@link #modelSigmas()}
     * @param callback see {@link #callback()}
     */
    public SamplingContext {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /**
     * A context without model sigmas and step callback.
     *
     * @param manager see {@link #manager()}
     * @param noise see {@link #noise()}
     * @param options see {@link #options()}
     * @param listener see {@link #listener()}
     * @param cancellation see {@link #cancellation()}
     */
    public SamplingContext(NDManager manager, NoiseSampler noise, SamplerOptions options, ProgressListener listener,
            CancellationToken cancellation) {
        this(manager, noise, options, listener, cancellation, null, null);
    }
}
