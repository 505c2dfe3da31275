package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.noise.BrownianNoiseSampler;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BrownianNoiseSamplerTest {
    private static BrownianNoiseSampler.NormalSource source(long seed) {
        Random random = new Random(seed);
        return m -> {
            float[] v = new float[(int) TestFixtures.SHAPE.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            return m.create(v, TestFixtures.SHAPE);
        };
    }

    @Test
    void incrementsAreStandardNormalAndAdditive() {
        try (NDManager manager = NDManager.newBaseManager();
                BrownianNoiseSampler bt = new BrownianNoiseSampler(manager, source(1), 0.03,
                        manager.zeros(TestFixtures.SHAPE))) {
            NDArray whole = bt.next(14.6, 0.03);
            NDArray first = bt.next(14.6, 2.0);
            NDArray second = bt.next(2.0, 0.03);
            // W(b) - W(a) splits exactly: sqrt(l1) n1 + sqrt(l2) n2 = sqrt(l) n
            NDArray recombined = first.mul(Math.sqrt(12.6)).add(second.mul(Math.sqrt(1.97)));
            assertArrayEquals(whole.mul(Math.sqrt(14.57)).toFloatArray(), recombined.toFloatArray(), 1e-4f);
            NDArray again = bt.next(14.6, 0.03);
            assertArrayEquals(whole.toFloatArray(), again.toFloatArray());
            float std = whole.pow(2).mean().sqrt().getFloat();
            assertEquals(1.0, std, 0.2);
        }
    }
}
