package io.sdjava.djl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionKernelTest {
    @Test
    void slicedAttentionEqualsUnslicedAndFreesItsSlices() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random r = new Random(7);
            NDArray q = random(m, r, 4, 37, 8);
            NDArray k = random(m, r, 4, 37, 8);
            NDArray v = random(m, r, 4, 37, 8);
            float[] maskValues = new float[37 * 37];
            for (int i = 0; i < 37; i++) {
                for (int j = i + 1; j < 37; j++) {
                    maskValues[i * 37 + j] = -Float.MAX_VALUE;
                }
            }
            NDArray mask = m.create(maskValues, new Shape(37, 37));
            int baseline = m.getManagedArrays().size();
            NDArray whole = AttentionKernel.attend(q, k, v, 0.3f, mask, Long.MAX_VALUE);
            NDArray sliced = AttentionKernel.attend(q, k, v, 0.3f, mask, 4 * 37 * 5); // 5 query rows per slice
            assertEquals(baseline + 2, m.getManagedArrays().size(), "only the two results stay");
            assertEquals(new Shape(4, 37, 8), sliced.getShape());
            assertArrayEquals(whole.toFloatArray(), sliced.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void upsamplesNearest() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                    Upsampling.nearest2x(x).toFloatArray());
        }
    }

    @Test
    void resizesNearestLikeTorch() {
        assertArrayEquals(new long[] {0, 1, 2}, Upsampling.sourceIndices(4, 3));
        assertArrayEquals(new long[] {0, 0, 1}, Upsampling.sourceIndices(2, 3));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6}, Upsampling.sourceIndices(8, 7));
        assertArrayEquals(new long[] {0, 0, 1, 1}, Upsampling.sourceIndices(2, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 8f).reshape(1, 2, 2, 2);
            NDArray y = Upsampling.nearest(x, 3, 1);
            assertEquals(new Shape(1, 2, 3, 1), y.getShape());
            assertArrayEquals(new float[] {0, 0, 2, 4, 4, 6}, y.toFloatArray());
        }
    }

    /** 16 MiB slices up to a 512x512 image's largest attention, 64 MiB (mmapped) slices beyond. */
    @Test
    void smallSlicesOnlyWhileAnAttentionNeedsFewOfThem() {
        long small = AttentionKernel.SMALL_SLICE_ELEMENTS;
        long large = AttentionKernel.LARGE_SLICE_ELEMENTS;
        assertEquals(small, AttentionKernel.sliceElements(16, 4096, 4096)); // UNet self-attention at 512x512
        assertEquals(small, AttentionKernel.sliceElements(16, 16384, 77)); // cross-attention at 1024x1024
        assertEquals(small, AttentionKernel.sliceElements(1, 16384, 16384)); // VAE mid-block at 1024x1024
        assertEquals(large, AttentionKernel.sliceElements(16, 16384, 16384)); // UNet self-attention at 1024x1024
        assertEquals(large, AttentionKernel.sliceElements(2, 65536, 65536));
    }

    private static NDArray random(NDManager m, Random r, int... shape) {
        int n = 1;
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            n *= shape[i];
            dims[i] = shape[i];
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(dims));
    }
}
