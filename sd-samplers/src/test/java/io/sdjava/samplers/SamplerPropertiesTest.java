package io.sdjava.samplers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.CancellationToken;
import io.sdjava.GenerationCancelledException;
import io.sdjava.ProgressListener;
import io.sdjava.StepEvent;
import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.samplers.schedule.SamplerSigmas;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.ScheduleInfo;
import io.sdjava.spi.SigmaSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every built-in sampler and schedule must have. */
class SamplerPropertiesTest {
    private static final SamplerRegistry REGISTRY = SamplerRegistry.load();
    private static final DiscreteModelSigmas MODEL = DiscreteModelSigmas.stableDiffusion();

    static Stream<SamplerInfo> samplers() {
        return new BuiltinSamplerProvider().samplers().stream();
    }

    static Stream<ScheduleInfo> schedules() {
        return new io.sdjava.samplers.schedule.BuiltinScheduleProvider().schedules().stream();
    }

    private static double[] sigmas(SamplerInfo info, int steps) {
        SamplerRegistry.Selection selection = REGISTRY.resolve(info.id(), null);
        return SamplerSigmas.compute(info, REGISTRY.createSchedule(selection.schedule()), steps, MODEL,
                SamplerOptions.defaults());
    }

    private static float[] run(SamplerInfo info, int steps, ProgressListener listener, CancellationToken token) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] sigmas = sigmas(info, steps);
            NDArray x = TestFixtures.gaussian(manager, 7).mul(SamplerSigmas.initialNoiseScale(info, sigmas,
                    SamplerOptions.defaults()));
            Sampler sampler = REGISTRY.createSampler(info);
            return sampler.sample(TestFixtures.denoiser(), x, sigmas,
                    TestFixtures.context(manager, 11, listener, token, null)).toFloatArray();
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void zeroStepsAreRejected(SamplerInfo info) {
        assertThrows(IllegalArgumentException.class, () -> sigmas(info, 0));
        try (NDManager manager = NDManager.newBaseManager()) {
            Sampler sampler = REGISTRY.createSampler(info);
            NDArray x = TestFixtures.gaussian(manager, 1);
            assertThrows(IllegalArgumentException.class, () -> sampler.sample(TestFixtures.denoiser(), x,
                    new double[] {14.6}, TestFixtures.context(manager, 1, ProgressListener.NONE,
                            CancellationToken.create(), null)));
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void sameInputsGiveBitEqualOutput(SamplerInfo info) {
        float[] a = run(info, 8, ProgressListener.NONE, CancellationToken.create());
        float[] b = run(info, 8, ProgressListener.NONE, CancellationToken.create());
        assertArrayEquals(a, b);
        for (float v : a) {
            assertTrue(Float.isFinite(v), info.displayName() + " produced " + v);
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void listenerSeesEveryStepAndCancellationStops(SamplerInfo info) {
        List<StepEvent> events = new ArrayList<>();
        run(info, 6, new ProgressListener() {
            @Override
            public void onStep(StepEvent event) {
                events.add(event);
            }
        }, CancellationToken.create());
        assertTrue(events.size() >= 2, info.displayName() + ": " + events.size() + " events");
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).step());
        }
        CancellationToken token = CancellationToken.create();
        ProgressListener cancelAfterFirst = new ProgressListener() {
            @Override
            public void onStep(StepEvent event) {
                token.cancel();
            }
        };
        assertThrows(GenerationCancelledException.class, () -> run(info, 6, cancelAfterFirst, token));
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void liveArraysDoNotGrowOverSteps(SamplerInfo info) {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] sigmas = sigmas(info, 24);
            NDArray x = TestFixtures.gaussian(manager, 3).mul(sigmas[0]);
            int baseline = manager.getManagedArrays().size();
            List<Integer> live = new ArrayList<>();
            Sampler sampler = REGISTRY.createSampler(info);
            NDArray out = sampler.sample(TestFixtures.denoiser(), x, sigmas, TestFixtures.context(manager, 5,
                    ProgressListener.NONE, CancellationToken.create(),
                    (i, s, xi, d) -> live.add(manager.getManagedArrays().size())));
            int max = live.stream().mapToInt(Integer::intValue).max().orElseThrow();
            int late = live.subList(live.size() / 2, live.size()).stream().mapToInt(Integer::intValue).max().orElseThrow();
            int early = live.subList(0, live.size() / 2).stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(max > baseline, "step arrays are visible through the context manager: " + live);
            assertTrue(late <= early + 8, info.displayName() + " live arrays grow: " + live);
            assertTrue(max < baseline + 80, info.displayName() + " too many live arrays: " + live);
            out.close();
            assertEquals(baseline, manager.getManagedArrays().size(), "everything but the result is freed");
        }
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void schedulesDescendAndEndAtZero(ScheduleInfo info) {
        SigmaSchedule schedule = REGISTRY.createSchedule(info);
        for (int steps : new int[] {1, 2, 5, 20, 33}) {
            double[] s = schedule.sigmas(steps, MODEL, SamplerOptions.defaults());
            assertTrue(s.length >= steps + 1, info.id() + " " + steps + ": " + s.length);
            for (int i = 1; i < s.length; i++) {
                assertTrue(s[i] <= s[i - 1], info.id() + " not descending at " + i);
            }
            if (info.id().equals("kl_optimal")) {
                assertEquals(MODEL.sigmaMin(), s[s.length - 1], 1e-9, "KL Optimal ends at sigma_min (A1111)");
            } else {
                assertEquals(0.0, s[s.length - 1], info.id() + " must end at 0");
            }
        }
    }
}
