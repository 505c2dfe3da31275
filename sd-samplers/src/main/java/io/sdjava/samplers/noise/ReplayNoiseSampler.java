package io.sdjava.samplers.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.spi.NoiseSampler;
import java.util.Objects;

/**
 * Replays recorded noise tensors in order (golden tests, or noise computed elsewhere). The k-th call returns a
 * copy of {@code stack[offset + k]} on the given manager; the caller owns it. Not thread-safe.
 */
public final class ReplayNoiseSampler implements NoiseSampler {
    private final NDArray stack;
    private final NDManager manager;
    private final long available;
    private int next;

    /**
     * @param stack the recorded tensors stacked along dimension 0
     * @param offset the index of the first tensor to replay
     * @param manager the manager the returned arrays are created on
     */
    public ReplayNoiseSampler(NDArray stack, int offset, NDManager manager) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.available = stack.getShape().get(0);
        this.next = offset;
    }

    @Override
    public NDArray next(double sigma, double sigmaNext) {
        if (next >= available) {
            throw new IllegalStateException("recorded noise exhausted after " + available + " tensors");
        }
        NDArray out = stack.get(manager, next);
        next++;
        return out;
    }

    /** @return the index of the next tensor to replay */
    public int position() {
        return next;
    }
}
