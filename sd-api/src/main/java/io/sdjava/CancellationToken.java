package io.sdjava;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cooperative cancellation: a generation checks its token between steps and throws
 * {@link GenerationCancelledException} once {@link #cancel()} was called. Thread-safe. One token may
 * be shared by several requests to cancel them together.
 */
public final class CancellationToken {
    private static final CancellationToken NEVER = new CancellationToken(false);

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final boolean cancellable;

    /** @return a new token that is not cancelled */
    public static CancellationToken create() {
        return new CancellationToken(true);
    }

    /**
     * The default token of a request: it is never cancelled, and {@link #cancel()} on it throws.
     *
     * @return the shared token that cannot be cancelled
     */
    public static CancellationToken never() {
        return NEVER;
    }

    private CancellationToken(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /**
     * Requests cancellation; idempotent, callable from any thread.
     *
     * @throws UnsupportedOperationException on the {@link #never()} token
     */
    public void cancel() {
        if (!cancellable) {
            throw new UnsupportedOperationException(
                    "CancellationToken.never() cannot be cancelled; give the request CancellationToken.create()");
        }
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

    /** @return {@code "CancellationToken[never]"}, {@code "[cancelled]"} or {@code "[active]"} */
    @Override
    public String toString() {
        return "CancellationToken[" + (!cancellable ? "never" : isCancelled() ? "cancelled" : "active") + "]";
    }
}
