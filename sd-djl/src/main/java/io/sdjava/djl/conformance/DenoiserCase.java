package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.conditioning.CfgDenoiser;
import io.sdjava.djl.conditioning.CondSchedule;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.conditioning.DiscreteSigmas;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.util.Iterator;
import java.util.function.DoubleUnaryOperator;

/**
 * The {@code denoiser_schedule} and {@code cfg_step} kinds of {@code models/cases.json}, which exercise the
 * pipeline's sigma table ({@link DiscreteSigmas}, with the schedules of sd-samplers) and its guided denoiser
 * ({@link CfgDenoiser}). Tolerances: sigma tables and t/sigma maps 1e-6 (relative for large values), the denoiser
 * outputs the component tolerance (numpy allclose, atol 1e-4, rtol 1e-4).
 */
final class DenoiserCase implements ConformanceCase {
    private static final double SIGMA_TOL = 1e-6;
    private static final double COMPONENT_TOL = 1e-4;

    private final PipelineFixtures fixtures;
    private final JsonNode spec;

    DenoiserCase(PipelineFixtures fixtures, JsonNode spec) {
        this.fixtures = fixtures;
        this.spec = spec;
    }

    @Override
    public String id() {
        return "models/" + spec.path("name").asText();
    }

    @Override
    public CaseResult run() throws Exception {
        try (StateDict golden = SafetensorsReader.open(fixtures.modelsDir().resolve(spec.path("file").asText()))) {
            PipelineChecks checks = new PipelineChecks(golden);
            if (spec.path("kind").asText().equals("cfg_step")) {
                cfgStep(golden, checks);
            } else {
                schedule(golden, checks);
            }
            return checks.result();
        }
    }

    private void schedule(StateDict golden, PipelineChecks checks) {
        DiscreteSigmas model = new DiscreteSigmas(widen(golden.toFloatArray("alphas_cumprod")));
        close(checks, "sigmas", model.sigmas());
        double[] logs = model.sigmas();
        for (int i = 0; i < logs.length; i++) {
            logs[i] = (float) Math.log((float) logs[i]);
        }
        close(checks, "log_sigmas", logs);
        float[] sigmaQuery = golden.toFloatArray("sigma_query");
        close(checks, "sigma_to_t", map(sigmaQuery, model::sigmaToT));
        close(checks, "sigma_to_t_quantized", map(sigmaQuery, s -> model.sigmaToNearestT(s)));
        close(checks, "t_to_sigma", map(golden.toFloatArray("t_query"), model::tToSigma));
        close(checks, "c_in", map(sigmaQuery, s -> 1 / Math.sqrt(s * s + 1)));
        close(checks, "c_out", map(sigmaQuery, s -> -s));
        SamplerRegistry registry = SamplerRegistry.load();
        for (Iterator<String> it = golden.keys().iterator(); it.hasNext();) {
            String key = it.next();
            int underscore = key.lastIndexOf('_');
            if (key.startsWith("get_sigmas_")) {
                close(checks, key, model.uniformSigmas(Integer.parseInt(key.substring(underscore + 1))));
            } else if (key.startsWith("karras_") || key.startsWith("exponential_")) {
                int n = Integer.parseInt(key.substring(underscore + 1));
                String schedule = key.substring(0, underscore);
                close(checks, key, registry.createSchedule(registry.schedule(schedule)).sigmas(n, model,
                        SamplerOptions.defaults()));
            }
        }
        try (StateDict fp16 = SafetensorsReader.open(fixtures.modelsDir().resolve("tiny-sd1-fp16.safetensors"))) {
            close(checks, "sigmas_from_fp16_alphas_cumprod",
                    new DiscreteSigmas(widen(fp16.toFloatArray("alphas_cumprod"))).sigmas());
        }
    }

    private void cfgStep(StateDict golden, PipelineChecks checks) {
        try (NDManager root = NDManager.newBaseManager(); StableDiffusionModel model = fixtures.loadModel(root);
                NDManager scope = root.newSubManager()) {
            DiscreteSigmas sigmas = new DiscreteSigmas(model.alphasCumprod());
            double sigma = golden.toFloatArray("sigma")[0];
            close(checks, "t", new double[] {sigmas.sigmaToT(sigma)});
            Conditioning conditioning = Conditioning.of(CondSchedule.constant(tensor(golden, "cond", scope)),
                    CondSchedule.constant(tensor(golden, "uncond", scope)));
            NDArray x = tensor(golden, "x", scope);
            // cfg 0 gives the uncond output exactly (u + (c - u) * 0), cfg 1 the cond output up to rounding
            guided(model, sigmas, conditioning, 0.0, x, sigma, scope, checks, "uncond_denoised");
            guided(model, sigmas, conditioning, 1.0, x, sigma, scope, checks, "cond_denoised");
            guided(model, sigmas, conditioning, spec.path("params").path("cfg_scale").asDouble(), x, sigma, scope,
                    checks, "denoised");
        }
    }

    private static void guided(StableDiffusionModel model, DiscreteSigmas sigmas, Conditioning conditioning,
            double cfgScale, NDArray x, double sigma, NDManager scope, PipelineChecks checks, String key) {
        CfgDenoiser denoiser = new CfgDenoiser(model.unet(), sigmas, conditioning, 1, cfgScale, false, false, scope);
        NDArray out = denoiser.denoise(x, sigma);
        checks.allclose(key, out.toFloatArray(), out.getShape().getShape(), COMPONENT_TOL, COMPONENT_TOL);
    }

    private static NDArray tensor(StateDict golden, String key, NDManager m) {
        return m.create(golden.toFloatArray(key), new Shape(golden.info(key).shape()));
    }

    private static void close(PipelineChecks checks, String key, double[] actual) {
        float[] f = new float[actual.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) actual[i];
        }
        checks.close(key, f, new long[] {f.length}, SIGMA_TOL, SIGMA_TOL);
    }

    private static double[] map(float[] in, DoubleUnaryOperator f) {
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
        return out;
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return id();
    }
}
