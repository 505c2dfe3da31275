package io.sdjava.samplers.conformance;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.samplers.ClassifierFreeGuidance;
import io.sdjava.samplers.CompVisDenoiser;
import io.sdjava.samplers.EpsModel;
import io.sdjava.samplers.LcmDenoiser;
import io.sdjava.samplers.schedule.LcmModelSigmas;
import io.sdjava.spi.Denoiser;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.TimestepDenoiser;
import java.util.ArrayList;
import java.util.List;

/** A case's CFG denoiser over the analytic model, counting evaluations and recording their inputs. */
final class CaseModel {
    private final CaseSetup setup;
    private final EpsModel cond;
    private final EpsModel uncond;
    private final double cfgScale;
    private final List<float[]> inputs = new ArrayList<>();

    CaseModel(CaseSetup setup, JsonNode spec, NDArray muCond, NDArray muUncond) {
        this.setup = setup;
        double[] logSigmas = setup.model().logSigmas();
        double s = spec.path("s").asDouble(0.5);
        this.cond = new AnalyticModel(logSigmas, s, muCond);
        this.uncond = new AnalyticModel(logSigmas, s, muUncond);
        this.cfgScale = spec.path("cfg_scale").asDouble(7.0);
    }

    int evaluations() {
        return inputs.size();
    }

    List<float[]> inputs() {
        return inputs;
    }

    Denoiser denoiser() {
        if (setup.selection().sampler().kind() == SamplerInfo.Kind.TIMESTEPS) {
            return new Timesteps();
        }
        Denoiser c;
        Denoiser u;
        if (setup.isLcm()) {
            LcmModelSigmas lcm = (LcmModelSigmas) setup.modelSigmas();
            c = new LcmDenoiser(cond, lcm);
            u = new LcmDenoiser(uncond, lcm);
        } else {
            boolean quantize = setup.options().quantization();
            c = CompVisDenoiser.eps(cond, setup.model(), quantize);
            u = CompVisDenoiser.eps(uncond, setup.model(), quantize);
        }
        Denoiser cfg = ClassifierFreeGuidance.denoiser(c, u, cfgScale);
        return (x, sigma) -> {
            inputs.add(x.toFloatArray());
            return cfg.denoise(x, sigma);
        };
    }

    private final class Timesteps implements TimestepDenoiser {
        @Override
        public EpsPrediction eps(NDArray x, double timestep, double cfgScaleMultiplier) {
            inputs.add(x.toFloatArray());
            NDArray c = cond.apply(x, timestep);
            NDArray u = uncond.apply(x, timestep);
            return new EpsPrediction(ClassifierFreeGuidance.combine(c, u, cfgScale * cfgScaleMultiplier), u);
        }

        @Override
        public double[] alphasCumprod() {
            return setup.model().alphasCumprod();
        }

        @Override
        public NDArray denoise(NDArray x, double sigma) {
            throw new UnsupportedOperationException("timestep samplers call eps(x, t, multiplier)");
        }
    }
}
