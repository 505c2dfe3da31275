package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Supplier;

/**
 * Runs a piece of a forward pass in a child manager: the inputs are temporarily attached to it, so every
 * intermediate (each op's result lands on its first operand's manager) dies when the piece ends; only the
 * result is moved to the target manager. The body must return a new array, not one of the inputs.
 */
final class ForwardScope {
    private ForwardScope() {}

    static NDArray run(NDManager target, Supplier<NDArray> body, NDArray... inputs) {
        try (NDManager scope = target.newSubManager()) {
            for (NDArray input : inputs) {
                if (input != null) {
                    input.tempAttach(scope);
                }
            }
            NDArray out = body.get();
            out.attach(target);
            return out;
        }
    }
}
