package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.TimestepDenoiser;
import io.sdjava.spi.TimestepSampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A1111's {@code CompVisSampler.sample_img2img}: the init latent noised to {@code timesteps[t_enc]}, then the
 * sampler over {@code timesteps[:t_enc]}.
 */
class TimestepImageToImageTest {
    private static final int STEPS = 20;

    /** Records the timesteps the sampler asks for. */
    private static TimestepDenoiser recording(List<Double> timesteps) {
        TimestepDenoiser inner = TestFixtures.denoiser();
        return new TimestepDenoiser() {
            @Override
            public EpsPrediction eps(NDArray x, double timestep, double multiplier) {
                timesteps.add(timestep);
                return inner.eps(x, timestep, multiplier);
            }

            @Override
            public double[] alphasCumprod() {
                return inner.alphasCumprod();
            }

            @Override
            public NDArray denoise(NDArray x, double sigma) {
                return inner.denoise(x, sigma);
            }
        };
    }

    private static SamplingContext context(NDManager manager) {
        NoiseSampler noise = TestFixtures.noise(manager, 9);
        return new SamplingContext(manager, noise, SamplerOptions.defaults(), ProgressListener.NONE,
                CancellationToken.never());
    }

    private static TimestepSampler sampler(String id) {
        return (TimestepSampler) new BuiltinSamplerProvider().create(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "ddim_cfgpp", "plms"})
    void withTEncZeroOnlyTheNoisingHappens(String id) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray init = TestFixtures.gaussian(manager, 1);
            NDArray noise = TestFixtures.gaussian(manager, 2);
            List<Double> calls = new ArrayList<>();
            NDArray out = sampler(id).sampleImageToImage(recording(calls), init, noise, STEPS, 0, context(manager));
            float a = (float) TestFixtures.denoiser().alphasCumprod()[1];
            NDArray expected = init.mul((float) Math.sqrt(a)).add(noise.mul((float) Math.sqrt((float) (1f - a))));
            assertArrayEquals(expected.toFloatArray(), out.toFloatArray());
            assertTrue(calls.isEmpty());
        }
    }

    @ParameterizedTest
    @CsvSource({"ddim, 10, 9, 451", "ddim_cfgpp, 14, 13, 651", "plms, 10, 10, 451", "unipc, 10, 10, 451"})
    void runsOverTheFirstTEncTimesteps(String id, int tEnc, int calls, double firstTimestep) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Double> timesteps = new ArrayList<>();
            NDArray out = sampler(id).sampleImageToImage(recording(timesteps), TestFixtures.gaussian(manager, 1),
                    TestFixtures.gaussian(manager, 2), STEPS, tEnc, context(manager));
            assertEquals(calls, timesteps.size(), "denoiser calls " + timesteps);
            assertEquals(firstTimestep, timesteps.get(0), 1e-3);
            assertTrue(timesteps.stream().allMatch(t -> t <= firstTimestep + 1e-3), timesteps.toString());
            assertEquals(TestFixtures.SHAPE, out.getShape());
            assertEquals(manager, out.getManager());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "plms", "unipc"})
    void refusesATEncOutsideTheTimesteps(String id) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = TestFixtures.gaussian(manager, 1);
            assertThrows(IllegalArgumentException.class, () -> sampler(id).sampleImageToImage(
                    TestFixtures.denoiser(), x, x, STEPS, STEPS, context(manager)));
            assertThrows(IllegalArgumentException.class, () -> sampler(id).sampleImageToImage(
                    TestFixtures.denoiser(), x, x, STEPS, -1, context(manager)));
        }
    }

    /**
     * A1111's timestep list has {@code len(range(0, 1000, 1000 // steps))} entries (31 for 30 steps); DDIM loops
     * over all but one of them, PLMS over all of them, and UniPC is handed {@code len(timesteps)} steps.
     */
    @ParameterizedTest
    @CsvSource({"ddim, 20, 19", "ddim, 30, 30", "ddim, 7, 7", "plms, 30, 31", "unipc, 20, 20", "unipc, 30, 31",
            "unipc, 7, 8"})
    void textToImageRunsOneStepPerTimestepOfA1111sList(String id, int steps, int calls) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Double> timesteps = new ArrayList<>();
            double[] sigmas = new double[steps + 1]; // only the count matters to timestep samplers
            java.util.Arrays.fill(sigmas, 0, steps, 1.0);
            sampler(id).sample(recording(timesteps), TestFixtures.gaussian(manager, 1), sigmas, context(manager));
            assertEquals(calls, timesteps.size(), "denoiser calls " + timesteps);
        }
    }
}
