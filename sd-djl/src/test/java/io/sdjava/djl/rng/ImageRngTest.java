package io.sdjava.djl.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.RngSource;
import io.sdjava.spi.NoiseSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImageRngTest {
    private static final int CALLS = 4;

    private static NoiseSpec spec(RngSource source, long... seeds) {
        return NoiseSpec.builder().source(source).seeds(seeds).size(128, 96).etaNoiseSeedDelta(31337).build();
    }

    private static List<float[][]> stream(NoiseSpec spec) {
        ImageRng rng = ImageRng.create(spec);
        List<float[][]> out = new ArrayList<>();
        for (int k = 0; k < CALLS; k++) {
            out.add(rng.nextImages());
        }
        return out;
    }

    private static void assertSameStream(List<float[][]> expected, List<float[][]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k).length, actual.get(k).length);
            for (int i = 0; i < expected.get(k).length; i++) {
                assertArrayEquals(expected.get(k)[i], actual.get(k)[i], "call " + k + " image " + i);
            }
        }
    }

    @Test
    void twoThreadsWithTwoSeedsGiveTheSequentialStreams() throws Exception {
        for (RngSource source : RngSource.values()) {
            NoiseSpec a = spec(source, 1234);
            NoiseSpec b = spec(source, 98765);
            List<float[][]> seqA = stream(a);
            List<float[][]> seqB = stream(b);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    Future<List<float[][]>> fa = pool.submit((Callable<List<float[][]>>) () -> stream(a));
                    Future<List<float[][]>> fb = pool.submit((Callable<List<float[][]>>) () -> stream(b));
                    assertSameStream(seqA, fa.get());
                    assertSameStream(seqB, fb.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aBatchEqualsSingleImageRuns() {
        for (RngSource source : RngSource.values()) {
            List<float[][]> batch = stream(spec(source, 10, 11));
            List<float[][]> first = stream(spec(source, 10));
            List<float[][]> second = stream(spec(source, 11));
            for (int k = 0; k < CALLS; k++) {
                assertArrayEquals(first.get(k)[0], batch.get(k)[0]);
                assertArrayEquals(second.get(k)[0], batch.get(k)[1]);
            }
        }
    }

    @Test
    void ensdChangesOnlyTheSamplerNoise() {
        NoiseSpec plain = NoiseSpec.builder().seeds(5).size(64, 64).build();
        NoiseSpec ensd = NoiseSpec.builder().seeds(5).size(64, 64).etaNoiseSeedDelta(31337).build();
        ImageRng p = ImageRng.create(plain);
        ImageRng e = ImageRng.create(ensd);
        assertArrayEquals(p.nextImages()[0], e.nextImages()[0]);
        float[] second = e.nextImages()[0];
        // with ENSD, call 1 is the first draw of a generator seeded seed + ENSD
        TorchCpuGenerator g = new TorchCpuGenerator(5 + 31337);
        assertArrayEquals(g.randn(second.length), second);
    }

    @Test
    void batchSeedsFollowA1111() {
        assertArrayEquals(new long[] {7, 8, 9}, BatchSeeds.seeds(7, 3, 0));
        assertArrayEquals(new long[] {7, 7, 7}, BatchSeeds.seeds(7, 3, 0.5));
        assertArrayEquals(new long[] {20, 21}, BatchSeeds.subseeds(20, 2));
        assertThrows(IllegalArgumentException.class, () -> BatchSeeds.seeds(1, 0, 0));
    }

    @Test
    void seedResizePastesTheCentredOverlap() {
        // 1 channel, 2x2 noise into 1x4 target: dy = floor(-1/2) = -1 -> h = 0 rows; try 3x2 into 4x4 instead
        float[] noise = {1, 2, 3, 4, 5, 6};
        float[] target = new float[16];
        SeedResize.pasteCentered(noise, new int[] {1, 3, 2}, target, new int[] {1, 4, 4});
        // dx = 1, dy = floor(1/2) = 0: rows 0..2, columns 1..2
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0, 0, 0, 0, 0}, target);
        float[] big = new float[25];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        float[] small = new float[4];
        SeedResize.pasteCentered(big, new int[] {1, 5, 5}, small, new int[] {1, 2, 2});
        // dx = dy = floor(-3/2) = -2: w = h = 5 - 4 = 1, source offset 2 -> only the centre value
        assertArrayEquals(new float[] {12, 0, 0, 0}, small);
    }

    @Test
    void specValidationNamesTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoiseSpec.builder().subseedStrength(1.5).build());
        assertEquals("subseedStrength must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseSpec.builder().seeds().build());
        assertThrows(IllegalArgumentException.class, () -> NoiseSpec.builder().size(4, 512).build());
    }

    @Test
    void ndArrayApiAndNoiseSamplerFollowTheSameStream() {
        NoiseSpec spec = NoiseSpec.builder().source(RngSource.NV).seeds(3, 4).size(64, 32).build();
        List<float[][]> expected = stream(spec);
        ImageRng rng = ImageRng.create(spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray initial = rng.initialNoise(manager);
            assertEquals(new Shape(2, 4, 4, 8), initial.getShape());
            assertArrayEquals(concat(expected.get(0)), initial.toFloatArray());
            assertThrows(IllegalStateException.class, () -> rng.initialNoise(manager));
            NoiseSampler sampler = rng.noiseSampler(manager);
            for (int k = 1; k < CALLS; k++) {
                NDArray noise = sampler.next(14.6, 7.0);
                assertEquals(new Shape(2, 4, 4, 8), noise.getShape());
                assertArrayEquals(concat(expected.get(k)), noise.toFloatArray(), "call " + k);
            }
        }
    }

    private static float[] concat(float[][] images) {
        int per = images[0].length;
        float[] out = new float[per * images.length];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, out, i * per, per);
        }
        return out;
    }
}
