package io.sdjava.djl.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.spi.conformance.Fixtures;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A1111 "Tiling" (circular conv padding) makes the networks equivariant to wrap-around shifts: the pipeline
 * README's wrap check, {@code decode(roll(z, 1)) == roll(decode(z), 8)} (below 1e-4 with tiling, ~2-3 without).
 */
class TilingTest {
    @Test
    void tiledVaeAndUNetCommuteWithRolls() {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(
                        Fixtures.area("models").resolve("tiny-sd1.safetensors"), root)) {
            NDArray z = random(root, 1, 4, 8, 12);
            double tiled = maxDiff(sd.vae().decode(roll(z, 1), true), roll(sd.vae().decode(z, true), 8));
            double plain = maxDiff(sd.vae().decode(roll(z, 1), false), roll(sd.vae().decode(z, false), 8));
            assertTrue(tiled < 1e-4, "tiled VAE wrap check " + tiled);
            assertTrue(plain > 1e-2, "untiled VAE wrap check " + plain);

            NDArray context = random(root, 1, 77, 24);
            double[] t = {500};
            NDArray x = random(root, 1, 4, 8, 8);
            double unet = maxDiff(sd.unet().forward(roll(x, 2), t, context, true),
                    roll(sd.unet().forward(x, t, context, true), 2));
            assertTrue(unet < 1e-4, "tiled UNet wrap check " + unet);
            double unetPlain = maxDiff(sd.unet().forward(roll(x, 2), t, context, false),
                    roll(sd.unet().forward(x, t, context, false), 2));
            assertTrue(unetPlain > 1e-3, "untiled UNet wrap check " + unetPlain);
        }
    }

    /** torch.roll(x, (s, s), dims=(2, 3)). */
    private static NDArray roll(NDArray x, long s) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray rows = x.get(":, :, {}:, :", h - s).concat(x.get(":, :, :{}, :", h - s), 2);
        return rows.get(":, :, :, {}:", w - s).concat(rows.get(":, :, :, :{}", w - s), 3);
    }

    private static double maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private static NDArray random(NDManager m, int... shape) {
        Random r = new Random(11);
        long[] dims = new long[shape.length];
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
            n *= shape[i];
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(dims));
    }
}
