package io.sdjava.samplers.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.CancellationToken;
import io.sdjava.ProgressListener;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.samplers.noise.ReplayNoiseSampler;
import io.sdjava.samplers.schedule.SamplerSigmas;
import io.sdjava.spi.NoiseSampler;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.SamplingContext;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One sampler golden case (see the fixture README for the semantics of each field). */
final class SamplerCase implements ConformanceCase {
    private static final double TOLERANCE = 1e-4;
    private static final double LOOSE_TOLERANCE = 2e-3;
    private static final double SCHEDULE_REL_TOLERANCE = 1e-5;

    private final Path dir;
    private final JsonNode spec;

    SamplerCase(Path dir, JsonNode spec) {
        this.dir = dir;
        this.spec = spec;
    }

    @Override
    public String id() {
        return spec.get("id").asText();
    }

    @Override
    public CaseResult run() {
        SamplerRegistry registry = SamplerRegistry.load();
        SamplerRegistry.Selection selection = registry.resolve(spec.get("sampler").asText(), spec.get("scheduler").asText());
        SamplerInfo info = selection.sampler();
        SamplerOptions options = CaseOptions.of(spec.get("opts"), info);
        CaseSetup setup = new CaseSetup(registry, selection, options, spec.get("steps").asInt());
        if (spec.hasNonNull("error")) {
            return expectError(setup);
        }
        String scheduleProblem = checkSchedule(info, setup.sigmas());
        if (scheduleProblem != null) {
            return CaseResult.fail(scheduleProblem);
        }
        try (NDManager manager = NDManager.newBaseManager();
                SafetensorsReader tensors = SafetensorsReader.open(dir.resolve(spec.get("file").asText()))) {
            manager.setName("samplers-case-" + id());
            return compare(setup, tensors, manager);
        }
    }

    private CaseResult compare(CaseSetup setup, SafetensorsReader tensors, NDManager manager) {
        SamplerInfo info = setup.selection().sampler();
        NDArray rng = tensors.toNDArray("rng_noise", manager);
        NDArray muCond = tensors.toNDArray("mu_cond", manager);
        NDArray muUncond = tensors.contains("mu_uncond") ? tensors.toNDArray("mu_uncond", manager) : muCond;
        NDArray expected = tensors.toNDArray("x_final", manager);
        NDArray x = rng.get(0).mul(SamplerSigmas.initialNoiseScale(info, setup.sigmas(), setup.options()));
        boolean brownian = info.noise() == SamplerInfo.Noise.BROWNIAN;
        ReplayNoiseSampler replay = null;
        NoiseSampler noise;
        if (brownian && !tensors.contains("bt_noise")) {
            noise = (s, n) -> {
                throw new IllegalStateException("unexpected Brownian noise draw: the fixture recorded none");
            };
        } else {
            replay = brownian ? new ReplayNoiseSampler(tensors.toNDArray("bt_noise", manager), 0, manager)
                    : new ReplayNoiseSampler(rng, 1, manager);
            noise = replay;
        }
        CaseModel model = new CaseModel(setup, spec, muCond, muUncond);
        int[] callbacks = new int[1];
        SamplingContext ctx = new SamplingContext(manager, noise, setup.options(), ProgressListener.NONE,
                CancellationToken.create(), setup.modelSigmas(), (i, sigma, xi, denoised) -> callbacks[0]++);
        NDArray result = setup.sampler().sample(model.denoiser(), x, setup.sigmas(), ctx);

        double maxAbs = expected.abs().max().getFloat();
        String id = info.id();
        boolean loose = id.equals("dpm_fast") || id.equals("dpm_adaptive") || setup.options().quantization();
        double tol = (loose ? LOOSE_TOLERANCE : TOLERANCE) * Math.max(1, maxAbs);
        double diff = result.sub(expected).abs().max().getFloat();
        List<String> problems = new ArrayList<>();
        String divergence = firstDivergence(model, tensors, manager, tol);
        if (!(diff <= tol)) {
            problems.add(String.format("max|x - x_final| = %.3g > %.3g%s", diff, tol, divergence));
        } else if (divergence.startsWith(" (first")) {
            problems.add("intermediate evaluation input differs" + divergence);
        }
        if (model.evaluations() != spec.get("nfe").asInt()) {
            problems.add("nfe " + model.evaluations() + " != " + spec.get("nfe").asInt());
        }
        if (callbacks[0] != spec.get("n_step_callbacks").asInt()) {
            problems.add("step callbacks " + callbacks[0] + " != " + spec.get("n_step_callbacks").asInt());
        }
        int expectedDraws = brownian ? (spec.path("bt_calls").isArray() ? spec.get("bt_calls").size() : 0)
                : spec.get("rng_noise_count").asInt() - 1;
        int draws = replay == null ? 0 : replay.position() - (brownian ? 0 : 1);
        if (draws != expectedDraws) {
            problems.add((brownian ? "Brownian" : "generator") + " noise draws " + draws + " != " + expectedDraws);
        }
        return problems.isEmpty() ? CaseResult.pass(diff) : CaseResult.fail(String.join("; ", problems), diff);
    }

    private String firstDivergence(CaseModel model, SafetensorsReader tensors, NDManager manager, double tol) {
        if (!tensors.contains("eval_x")) {
            return "";
        }
        NDArray evalX = tensors.toNDArray("eval_x", manager);
        List<float[]> seen = model.inputs();
        int n = (int) Math.min(seen.size(), evalX.getShape().get(0));
        for (int k = 0; k < n; k++) {
            float[] want = evalX.get(k).toFloatArray();
            float[] got = seen.get(k);
            double d = 0;
            for (int j = 0; j < Math.min(want.length, got.length); j++) {
                d = Math.max(d, Math.abs(want[j] - got[j]));
            }
            if (d > tol || want.length != got.length) {
                return String.format(" (first diverging evaluation %d of %d: max|eval_x diff| = %.3g)", k, n, d);
            }
        }
        return " (all " + n + " recorded evaluation inputs match)";
    }

    private CaseResult expectError(CaseSetup setup) {
        String upstream = spec.get("error").asText();
        try (NDManager manager = NDManager.newBaseManager()) {
            int batch = spec.path("batch").asInt(spec.path("seeds").size());
            long[] dims = new long[4];
            dims[0] = batch;
            for (int i = 0; i < 3; i++) {
                dims[i + 1] = spec.get("shape").get(i).asLong();
            }
            Shape shape = new Shape(dims);
            NDArray mu = manager.zeros(shape);
            CaseModel model = new CaseModel(setup, spec, mu, mu);
            SamplingContext ctx = new SamplingContext(manager, (s, n) -> manager.zeros(shape), setup.options(),
                    ProgressListener.NONE, CancellationToken.create(), setup.modelSigmas(), null);
            setup.sampler().sample(model.denoiser(), manager.zeros(shape), setup.sigmas(), ctx);
            return CaseResult.fail("upstream raises '" + upstream + "' but the sampler returned a result");
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                return CaseResult.fail("exception without a message for upstream error '" + upstream + "'");
            }
            return CaseResult.pass();
        }
    }

    private String checkSchedule(SamplerInfo info, double[] sigmas) {
        if (info.kind() == SamplerInfo.Kind.TIMESTEPS || !spec.path("sigmas_f64run").isArray()) {
            return null;
        }
        JsonNode want = spec.get("sigmas_f64run");
        if (want.size() != sigmas.length) {
            return "schedule has " + sigmas.length + " sigmas, fixture " + want.size();
        }
        for (int i = 0; i < sigmas.length; i++) {
            double w = want.get(i).asDouble();
            if (Math.abs(sigmas[i] - w) > SCHEDULE_REL_TOLERANCE * Math.abs(w) + 1e-9) {
                return String.format("sigma[%d] = %.9g, fixture %.9g", i, sigmas[i], w);
            }
        }
        return null;
    }
}
