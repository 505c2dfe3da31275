package io.sdjava.samplers.conformance;

import io.sdjava.samplers.schedule.DiscreteModelSigmas;
import io.sdjava.samplers.schedule.LcmModelSigmas;
import io.sdjava.samplers.schedule.SamplerSigmas;
import io.sdjava.spi.ModelSigmas;
import io.sdjava.spi.Sampler;
import io.sdjava.spi.SamplerOptions;
import io.sdjava.spi.SamplerRegistry;

/** The resolved sampler, schedule, model sigmas and options of a case. */
final class CaseSetup {
    private final SamplerRegistry.Selection selection;
    private final SamplerOptions options;
    private final DiscreteModelSigmas model;
    private final ModelSigmas modelSigmas;
    private final Sampler sampler;
    private final double[] sigmas;

    CaseSetup(SamplerRegistry registry, SamplerRegistry.Selection selection, SamplerOptions options, int steps) {
        this.selection = selection;
        this.options = options;
        this.model = DiscreteModelSigmas.stableDiffusion();
        this.modelSigmas = isLcm() ? new LcmModelSigmas(model) : model;
        this.sampler = registry.createSampler(selection.sampler());
        this.sigmas = SamplerSigmas.compute(selection.sampler(), registry.createSchedule(selection.schedule()), steps,
                modelSigmas, options);
    }

    boolean isLcm() {
        return selection.sampler().id().equals("lcm");
    }

    SamplerRegistry.Selection selection() {
        return selection;
    }

    SamplerOptions options() {
        return options;
    }

    DiscreteModelSigmas model() {
        return model;
    }

    ModelSigmas modelSigmas() {
        return modelSigmas;
    }

    Sampler sampler() {
        return sampler;
    }

    double[] sigmas() {
        return sigmas;
    }
}
