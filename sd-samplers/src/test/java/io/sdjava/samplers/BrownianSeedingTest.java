package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.samplers.noise.BrownianNoiseSampler;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A1111's per-image seeded Brownian noise through the SPI ({@code SamplerRegistry.createBrownianNoise}). */
class BrownianSeedingTest {
    private static final Shape ONE = new Shape(1, 4, 8, 8);
    private static final Shape TWO = new Shape(2, 4, 8, 8);
    private static final double[] SIGMAS = {14.6, 7.0, 3.0, 1.0, 0.3, 0.03, 0};
    private static final double[][] CALLS = {{14.6, 7.0}, {7.0, 3.0}, {5.0, 4.0}, {3.0, 1.0}, {0.3, 0.03}};

    private static float[][] draws(NoiseSampler noise) {
        float[][] out = new float[CALLS.length][];
        for (int k = 0; k < CALLS.length; k++) {
            out[k] = noise.next(CALLS[k][0], CALLS[k][1]).toFloatArray();
        }
        return out;
    }

    @Test
    void eachImageOfABatchGetsItsSeedsPathWhateverTheBatch() {
        SamplerRegistry registry = SamplerRegistry.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[][] batch = draws(registry.createBrownianNoise(registry.sampler("DPM++ 2M SDE"), manager, TWO,
                    SIGMAS, new long[] {42, 43}));
            float[][] alone = draws(registry.createBrownianNoise(registry.sampler("DPM++ SDE"), manager, ONE, SIGMAS,
                    new long[] {43}));
            float[][] again = draws(registry.createBrownianNoise(registry.sampler("DPM++ SDE"), manager, ONE, SIGMAS,
                    new long[] {43}));
            float[][] other = draws(registry.createBrownianNoise(registry.sampler("DPM++ SDE"), manager, ONE, SIGMAS,
                    new long[] {44}));
            int per = (int) ONE.size();
            for (int k = 0; k < CALLS.length; k++) {
                assertArrayEquals(alone[k], Arrays.copyOfRange(batch[k], per, 2 * per), "call " + k);
                assertArrayEquals(alone[k], again[k], "call " + k);
                assertFalse(Arrays.equals(alone[k], other[k]), "call " + k);
                assertFalse(Arrays.equals(Arrays.copyOfRange(batch[k], 0, per), alone[k]), "call " + k);
            }
        }
    }

    @Test
    void incrementsOfTheSeededPathAreStandardNormal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NoiseSampler noise = BrownianNoiseSampler.perImage(manager, new Shape(1, 4, 64, 64), 0.03, 14.6,
                    new long[] {7});
            NDArray whole = noise.next(14.6, 0.03);
            assertEquals(1.0, whole.pow(2).mean().sqrt().getFloat(), 0.05);
            NDArray half = noise.next(14.6, 7.3);
            assertEquals(1.0, half.pow(2).mean().sqrt().getFloat(), 0.05);
        }
    }

    @Test
    void providersWithoutBrownianNoiseFallBackToOneThatHasIt() {
        SamplerRegistry mixed = SamplerRegistry.of(List.of(new UserSamplerProvider(), new BuiltinSamplerProvider()),
                List.of());
        SamplerRegistry userOnly = SamplerRegistry.of(List.of(new UserSamplerProvider()), List.of());
        try (NDManager manager = NDManager.newBaseManager()) {
            NoiseSampler noise = mixed.createBrownianNoise(mixed.sampler("My Identity"), manager, ONE, SIGMAS,
                    new long[] {1});
            assertArrayEquals(ONE.getShape(), noise.next(14.6, 1.0).getShape().getShape());
            assertThrows(IllegalStateException.class, () -> userOnly.createBrownianNoise(
                    userOnly.sampler("My Identity"), manager, ONE, SIGMAS, new long[] {1}));
            assertThrows(IllegalArgumentException.class, () -> mixed.createBrownianNoise(
                    mixed.sampler("DPM++ SDE"), manager, TWO, SIGMAS, new long[] {1}));
            assertThrows(IllegalArgumentException.class, () -> mixed.createBrownianNoise(
                    mixed.sampler("DPM++ SDE"), manager, ONE, new double[] {0, 0}, new long[] {1}));
        }
    }
}
