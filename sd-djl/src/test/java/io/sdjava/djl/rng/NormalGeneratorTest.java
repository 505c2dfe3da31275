package io.sdjava.djl.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.RngSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NormalGeneratorTest {
    @Test
    void mt19937MatchesTheStandardSequence() {
        // std::mt19937 with its default seed 5489: first output and the 10000th output (C++ standard check value)
        Mt19937 mt = new Mt19937(5489);
        assertEquals(3499211612L, mt.nextInt() & 0xffffffffL);
        for (int i = 2; i < 10000; i++) {
            mt.nextInt();
        }
        assertEquals(4123659995L, mt.nextInt() & 0xffffffffL);
    }

    @Test
    void cpuGeneratorUsesOnlyTheLow32BitsOfTheSeed() {
        float[] a = new TorchCpuGenerator(4294967295L).randn(64);
        float[] b = new TorchCpuGenerator(-1L).randn(64);
        float[] c = new TorchCpuGenerator((1L << 32) + 42).randn(64);
        assertArrayEquals(a, b);
        assertArrayEquals(new TorchCpuGenerator(42).randn(64), c);
    }

    @Test
    void philoxMatchesCudaValuesForSeedZero() {
        float[] v = new PhiloxGenerator(0).randn(12);
        assertArrayEquals(new float[] {-0.9246624f, -0.42534396f, -2.6438458f, 0.14518388f}, Arrays.copyOf(v, 4));
    }

    @Test
    void philoxAdvancesOneOffsetPerCallWhateverTheSize() {
        PhiloxGenerator g = new PhiloxGenerator(7);
        g.randn(1000);
        float[] second = g.randn(5);
        PhiloxGenerator h = new PhiloxGenerator(7);
        h.randn(1);
        assertArrayEquals(second, h.randn(5));
    }

    @Test
    void successiveCallsContinueTheStream() {
        for (RngSource source : RngSource.values()) {
            NormalGenerator g = NormalGenerator.create(source, 1234);
            float[] first = g.randn(256);
            float[] second = g.randn(256);
            assertFalse(Arrays.equals(first, second), source + " repeated itself");
            assertArrayEquals(first, NormalGenerator.create(source, 1234).randn(256), source + " is not deterministic");
        }
    }

    @Test
    void smallCpuDrawsUseTheScalarPathAndCacheTheSecondNormal() {
        float[] pair = new TorchCpuGenerator(3).randn(2);
        TorchCpuGenerator g = new TorchCpuGenerator(3);
        assertEquals(pair[0], g.randn(1)[0]);
        assertEquals(pair[1], g.randn(1)[0], "the cached sine value must be returned by the next scalar draw");
    }

    @Test
    void cpuTailIsRedrawnForSizesNotMultipleOf16() {
        float[] v = new TorchCpuGenerator(5).randn(20);
        float[] w = new TorchCpuGenerator(5).randn(32);
        // the first full block is the same; the tail block is made from fresh uniforms, so it differs
        assertArrayEquals(Arrays.copyOf(w, 4), Arrays.copyOf(v, 4));
        assertEquals(20, v.length);
        for (float x : v) {
            assertFalse(Float.isNaN(x) || Float.isInfinite(x));
        }
    }

    @Test
    void rejectsNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> new TorchCpuGenerator(1).randn(-1));
        assertThrows(IllegalArgumentException.class, () -> new PhiloxGenerator(1).randn(-1));
        assertThrows(IllegalArgumentException.class, () -> NormalGenerator.numel(4, -1));
        assertThrows(IllegalArgumentException.class, () -> NormalGenerator.numel(65536, 65536));
    }

    @Test
    void sourceNamesFollowTheInfotext() {
        assertEquals("CPU", RngSourceNames.infotextName(RngSource.CPU));
        assertEquals("NV", RngSourceNames.infotextName(RngSource.NV));
        assertEquals(RngSource.CPU, RngSourceNames.parse("CPU"));
        assertEquals(RngSource.NV, RngSourceNames.parse("nv"));
        assertEquals(RngSource.NV, RngSourceNames.parse("GPU"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RngSourceNames.parse("TPU"));
        assertEquals("unknown RNG source 'TPU'; allowed: CPU, GPU, NV", e.getMessage());
    }
}
