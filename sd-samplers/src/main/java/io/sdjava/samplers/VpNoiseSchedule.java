package io.sdjava.samplers;

/**
 * UniPC's {@code NoiseScheduleVP('discrete')}: piecewise-linear {@code log alpha_t} over {@code t_i = (i+1)/N},
 * extrapolated linearly beyond the ends.
 */
final class VpNoiseSchedule {
    private final double[] tArray;
    private final double[] logAlpha;

    VpNoiseSchedule(double[] alphasCumprod) {
        int n = alphasCumprod.length;
        tArray = new double[n];
        logAlpha = new double[n];
        for (int i = 0; i < n; i++) {
            tArray[i] = (i + 1) / (double) n;
            logAlpha[i] = 0.5 * Math.log(alphasCumprod[i]);
        }
    }

    int totalN() {
        return tArray.length;
    }

    double logMeanCoeff(double t) {
        return interpolate(t, tArray, logAlpha, false);
    }

    double alpha(double t) {
        return Math.exp(logMeanCoeff(t));
    }

    double std(double t) {
        return Math.sqrt(1 - Math.exp(2 * logMeanCoeff(t)));
    }

    double lambda(double t) {
        double lm = logMeanCoeff(t);
        return lm - 0.5 * Math.log(1 - Math.exp(2 * lm));
    }

    double inverseLambda(double lambda) {
        double logAlphaT = -0.5 * logAddExp(0, -2 * lambda);
        return interpolate(logAlphaT, logAlpha, tArray, true);
    }

    private static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** Piecewise-linear interpolation; {@code descendingX} when xp decreases (flipped to ascending). */
    private static double interpolate(double x, double[] xp, double[] yp, boolean descendingX) {
        int k = xp.length;
        double[] xs = xp;
        double[] ys = yp;
        if (descendingX) {
            xs = new double[k];
            ys = new double[k];
            for (int i = 0; i < k; i++) {
                xs[i] = xp[k - 1 - i];
                ys[i] = yp[k - 1 - i];
            }
        }
        int start;
        if (x <= xs[0]) {
            start = 0;
        } else if (x >= xs[k - 1]) {
            start = k - 2;
        } else {
            int lo = 0;
            int hi = k - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (xs[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            start = lo;
        }
        return ys[start] + (x - xs[start]) * (ys[start + 1] - ys[start]) / (xs[start + 1] - xs[start]);
    }
}
