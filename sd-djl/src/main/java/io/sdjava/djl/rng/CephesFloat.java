package io.sdjava.djl.rng;

/**
 * The single-precision Cephes {@code log} and {@code sincos} approximations that torch's AVX2 {@code randn} kernel
 * uses ({@code avx_mathfun.h}, after Julien Pommier's {@code sse_mathfun}), restated lane by lane in Java float
 * arithmetic. The released libtorch binaries are compiled with multiply-add contraction, so each multiply feeding an
 * add is one fused {@link Math#fma} here (where an add has two products, the first product in source order is the
 * fused one); this layout reproduces the fixtures bit for bit. The results are not correctly rounded, which is why
 * {@code Math.log}/{@code Math.cos} cannot be used.
 */
final class CephesFloat {
    private static final float SQRTHF = (float) 0.707106781186547524;
    private static final float[] LOG_P = {
        (float) 7.0376836292E-2, (float) -1.1514610310E-1, (float) 1.1676998740E-1, (float) -1.2420140846E-1,
        (float) 1.4249322787E-1, (float) -1.6668057665E-1, (float) 2.0000714765E-1, (float) -2.4999993993E-1,
        (float) 3.3333331174E-1
    };
    private static final float LOG_Q1 = (float) -2.12194440e-4;
    private static final float LOG_Q2 = (float) 0.693359375;
    private static final float MINUS_DP1 = (float) -0.78515625;
    private static final float MINUS_DP2 = (float) -2.4187564849853515625e-4;
    private static final float MINUS_DP3 = (float) -3.77489497744594108e-8;
    private static final float SINCOF_P0 = (float) -1.9515295891E-4;
    private static final float SINCOF_P1 = (float) 8.3321608736E-3;
    private static final float SINCOF_P2 = (float) -1.6666654611E-1;
    private static final float COSCOF_P0 = (float) 2.443315711809948E-005;
    private static final float COSCOF_P1 = (float) -1.388731625493765E-003;
    private static final float COSCOF_P2 = (float) 4.166664568298827E-002;
    private static final float FOPI = (float) 1.27323954473516;
    private static final int SIGN = 0x80000000;

    private CephesFloat() {}

    /** Natural logarithm as {@code log256_ps}; NaN for {@code x <= 0}. */
    static float log(float in) {
        boolean invalid = in <= 0f;
        float x = Math.max(in, Float.MIN_NORMAL);
        int bits = Float.floatToRawIntBits(x);
        int exponent = (bits >>> 23) - 0x7f;
        x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        float e = (float) exponent + 1f;
        boolean small = x < SQRTHF;
        float tmp = small ? x : 0f;
        x = x - 1f;
        e = e - (small ? 1f : 0f);
        x = x + tmp;
        float z = x * x;
        float y = LOG_P[0];
        for (int i = 1; i < LOG_P.length; i++) {
            y = Math.fma(y, x, LOG_P[i]);
        }
        y = y * x;
        y = Math.fma(y, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        x = Math.fma(e, LOG_Q2, x);
        return invalid ? Float.NaN : x;
    }

    /**
     * Sine and cosine as {@code sincos256_ps}.
     *
     * @param in the angle in radians (accurate for |x| &lt; 8192)
     * @param out receives the sine at index 0 and the cosine at index 1
     */
    static void sincos(float in, float[] out) {
        int signSin = Float.floatToRawIntBits(in) & SIGN;
        float x = Math.abs(in);
        int j = (int) (x * FOPI);
        j = (j + 1) & ~1;
        float y = (float) j;
        int swapSin = (j & 4) << 29;
        boolean polyMask = (j & 2) == 0;
        x = Math.fma(y, MINUS_DP1, x);
        x = Math.fma(y, MINUS_DP2, x);
        x = Math.fma(y, MINUS_DP3, x);
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSin;

        float z = x * x;
        float yc = Math.fma(COSCOF_P0, z, COSCOF_P1);
        yc = Math.fma(yc, z, COSCOF_P2);
        yc = yc * z;
        yc = Math.fma(yc, z, -(z * 0.5f));
        yc = yc + 1f;

        float ys = Math.fma(SINCOF_P0, z, SINCOF_P1);
        ys = Math.fma(ys, z, SINCOF_P2);
        ys = ys * z;
        ys = Math.fma(ys, x, x);

        float ysin2 = polyMask ? ys : 0f;
        float ysin1 = polyMask ? 0f : yc;
        ys = ys - ysin2;
        yc = yc - ysin1;
        out[0] = Float.intBitsToFloat(Float.floatToRawIntBits(ysin1 + ysin2) ^ signSin);
        out[1] = Float.intBitsToFloat(Float.floatToRawIntBits(yc + ys) ^ signCos);
    }
}
