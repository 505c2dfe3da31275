package io.sdjava.samplers;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.BiFunction;

/** One UniPC multistep predictor-corrector update (B(h) variants and vary_coeff), data prediction. */
final class UniPcUpdate {
    private final VpNoiseSchedule ns;
    private final String variant;
    private final BiFunction<NDArray, Double, NDArray> modelFn;

    UniPcUpdate(VpNoiseSchedule ns, String variant, BiFunction<NDArray, Double, NDArray> modelFn) {
        this.ns = ns;
        this.variant = variant;
        this.modelFn = modelFn;
    }

    /** @return {x_t, model_t} (model_t null without corrector) */
    NDArray[] apply(NDArray x, List<NDArray> modelPrev, List<Double> tPrev, double t, int order, boolean corrector) {
        int last = modelPrev.size() - 1;
        double tPrev0 = tPrev.get(last);
        double lambdaPrev0 = ns.lambda(tPrev0);
        double h = ns.lambda(t) - lambdaPrev0;
        NDArray modelPrev0 = modelPrev.get(last);
        double[] rks = new double[order];
        NDArray[] d1s = new NDArray[order - 1];
        for (int i = 1; i < order; i++) {
            double rk = (ns.lambda(tPrev.get(last - i)) - lambdaPrev0) / h;
            rks[i - 1] = rk;
            d1s[i - 1] = modelPrev.get(last - i).sub(modelPrev0).div(rk);
        }
        rks[order - 1] = 1.0;
        double alphaT = Math.exp(ns.logMeanCoeff(t));
        double hh = -h;
        double hPhi1 = Math.expm1(hh);
        NDArray xT0 = x.mul(ns.std(t) / ns.std(tPrev0)).sub(modelPrev0.mul(alphaT * hPhi1));
        return variant.equals("vary_coeff")
                ? vary(xT0, modelPrev0, d1s, rks, hh, hPhi1, alphaT, t, corrector)
                : bh(xT0, modelPrev0, d1s, rks, hh, hPhi1, alphaT, t, order, corrector);
    }

    private NDArray[] bh(NDArray xT0, NDArray modelPrev0, NDArray[] d1s, double[] rks, double hh, double hPhi1,
            double alphaT, double t, int order, boolean corrector) {
        double bH = variant.equals("bh1") ? hh : Math.expm1(hh);
        double[][] r = new double[order][order];
        double[] b = new double[order];
        double hPhiK = hPhi1 / hh - 1;
        double factorial = 1;
        for (int i = 1; i <= order; i++) {
            for (int k = 0; k < order; k++) {
                r[i - 1][k] = Math.pow(rks[k], i - 1);
            }
            b[i - 1] = hPhiK * factorial / bH;
            factorial *= i + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
        NDArray xT = xT0;
        if (d1s.length > 0) {
            double[] rhosP = order == 2 ? new double[] {0.5} : LinearSolve.solve(topLeft(r, order - 1), b);
            xT = xT0.sub(weighted(d1s, rhosP, d1s.length).mul(alphaT * bH));
        }
        if (!corrector) {
            return new NDArray[] {xT, null};
        }
        double[] rhosC = order == 1 ? new double[] {0.5} : LinearSolve.solve(r, b);
        NDArray modelT = modelFn.apply(xT, t);
        NDArray d1t = modelT.sub(modelPrev0).mul(rhosC[rhosC.length - 1]);
        NDArray corr = d1s.length > 0 ? weighted(d1s, rhosC, d1s.length).add(d1t) : d1t;
        return new NDArray[] {xT0.sub(corr.mul(alphaT * bH)), modelT};
    }

    private NDArray[] vary(NDArray xT0, NDArray modelPrev0, NDArray[] d1s, double[] rks, double hh, double hPhi1,
            double alphaT, double t, boolean corrector) {
        int k = rks.length;
        double[][] c = new double[k][k];
        double[] col = new double[k];
        java.util.Arrays.fill(col, 1.0);
        for (int j = 1; j <= k; j++) {
            for (int i = 0; i < k; i++) {
                c[i][j - 1] = col[i];
                col[i] = col[i] * rks[i] / (j + 1);
            }
        }
        double[] hPhiKs = new double[k + 1];
        double factorial = 1;
        double hPhiK = hPhi1;
        for (int j = 1; j <= k + 1; j++) {
            hPhiKs[j - 1] = hPhiK;
            hPhiK = hPhiK / hh - 1 / factorial;
            factorial *= j + 1;
        }
        NDArray xT = xT0;
        if (d1s.length > 0) {
            double[][] aP = LinearSolve.inverse(topLeft(c, k - 1));
            for (int j = 0; j < k - 1; j++) {
                xT = xT.sub(weighted(d1s, aP[j], k - 1).mul(alphaT * hPhiKs[j + 1]));
            }
        }
        if (!corrector) {
            return new NDArray[] {xT, null};
        }
        double[][] aC = LinearSolve.inverse(c);
        NDArray modelT = modelFn.apply(xT, t);
        NDArray d1t = modelT.sub(modelPrev0);
        NDArray out = xT0;
        int lastK = 0;
        for (int j = 0; j < k - 1; j++) {
            out = out.sub(weighted(d1s, aC[j], k - 1).mul(alphaT * hPhiKs[j + 1]));
            lastK = j;
        }
        out = out.sub(d1t.mul(aC[lastK][k - 1]).mul(alphaT * hPhiKs[k]));
        return new NDArray[] {out, modelT};
    }

    private static NDArray weighted(NDArray[] arrays, double[] w, int n) {
        NDArray sum = arrays[0].mul(w[0]);
        for (int i = 1; i < n; i++) {
            sum = sum.add(arrays[i].mul(w[i]));
        }
        return sum;
    }

    private static double[][] topLeft(double[][] m, int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, out[i], 0, n);
        }
        return out;
    }
}
