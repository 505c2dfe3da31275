package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import org.junit.jupiter.api.Test;

/** The eps and v parameterizations recover x0 from a perfect network, and sigma_to_t inverts t_to_sigma. */
class CompVisDenoiserTest {
    private final DiscreteModelSigmas model = DiscreteModelSigmas.stableDiffusion();

    @Test
    void epsAndVPredictionBothRecoverTheCleanLatent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = TestFixtures.gaussian(manager, 1);
            NDArray eps = TestFixtures.gaussian(manager, 2);
            for (double t : new double[] {0, 123.0, 500.5, 999}) {
                double sigma = model.tToSigma(t);
                NDArray x = x0.add(eps.mul(sigma));
                double alpha = 1 / Math.sqrt(1 + sigma * sigma);
                double sigmaVp = sigma * alpha;
                NDArray v = eps.mul(alpha).sub(x0.mul(sigmaVp));
                NDArray byEps = CompVisDenoiser.eps((in, tt) -> eps, model, false).denoise(x, sigma);
                NDArray byV = CompVisDenoiser.v((in, tt) -> v, model, false).denoise(x, sigma);
                float tol = (float) (1e-5 * (1 + sigma));
                assertArrayEquals(x0.toFloatArray(), byEps.toFloatArray(), tol, "eps at t=" + t);
                assertArrayEquals(x0.toFloatArray(), byV.toFloatArray(), tol, "v at t=" + t);
            }
        }
    }

    @Test
    void sigmaToTInvertsTToSigmaAndQuantizes() {
        for (double t : new double[] {0, 1, 17.25, 500.5, 998.9, 999}) {
            assertEquals(t, model.sigmaToT(model.tToSigma(t)), 1e-6);
        }
        assertEquals(17.0, model.sigmaToT(model.tToSigma(17.3), true));
        assertEquals(18.0, model.sigmaToT(model.tToSigma(17.7), true));
        assertEquals(0.0, model.sigmaToT(model.sigmaMin() / 2));
        assertEquals(999.0, model.sigmaToT(model.sigmaMax() * 2));
        assertEquals(14.614642, model.sigmaMax(), 1e-5);
        assertEquals(0.0291672, model.sigmaMin(), 1e-6);
    }
}
