package io.sdjava;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation: a generation checks its token between steps and throws
 * {@link GenerationCancelledException} once {@link #cancel()} was called. Thread-safe.
 */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** @return a new token that is not cancelled */
    public static CancellationToken create() {
        return new CancellationToken();
    }

    private CancellationToken() {}

    /** Requests cancellation; idempotent, callable from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Throws if cancellation was requested.
     *
     * @throws GenerationCancelledException if {@link #cancel()} was called
     */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new GenerationCancelledException("generation cancelled");
        }
    }
}
