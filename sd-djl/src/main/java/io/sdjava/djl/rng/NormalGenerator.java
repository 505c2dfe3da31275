package io.sdjava.djl.rng;

import io.sdjava.RngSource;
import java.util.Arrays;

/**
 * A seeded stream of standard normal float32 values, consumed call by call like {@code torch.randn(shape,
 * generator=g)}: each call continues the stream where the previous one stopped.
 *
 * <p>Instances hold mutable state and are not thread-safe; create one per image (they are cheap). No instance
 * shares state with another, so generators used on different threads never interfere.
 */
public interface NormalGenerator {
    /**
     * Draws one tensor's worth of values, as one {@code randn} call of {@code numel} elements.
     *
     * @param numel the number of values (the product of the tensor shape)
     * @return {@code numel} standard normal values in row-major order
     * @throws IllegalArgumentException if {@code numel} is negative
     */
    float[] randn(int numel);

    /** @return the source this generator imitates */
    RngSource source();

    /** @return the seed this generator was created with */
    long seed();

    /**
     * Creates a fresh generator, as A1111's {@code create_generator(seed)}.
     *
     * @param source {@link RngSource#CPU} for torch's CPU generator, {@link RngSource#NV} for A1111's Philox
     * @param seed the seed (the CPU generator only uses its low 32 bits, as torch)
     * @return a new generator positioned at the start of its stream
     */
    static NormalGenerator create(RngSource source, long seed) {
        return switch (source) {
            case CPU -> new TorchCpuGenerator(seed);
            case NV -> new PhiloxGenerator(seed);
        };
    }

    /**
     * Product of a shape's dimensions, checked to fit one Java array.
     *
     * @param shape tensor dimensions
     * @return the element count
     * @throws IllegalArgumentException on a negative dimension or more than {@code Integer.MAX_VALUE} elements
     */
    static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return (int) n;
    }
}
