package io.sdjava.djl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code models} golden fixtures: the tiny SD 1.x checkpoint's text encoder, UNet and VAE against the
 * reference outputs listed in {@code models/cases.json}. Component cases run twice: on the F32 checkpoint
 * (README tolerance atol 1e-4, rtol 1e-4) and, as {@code <case>@fp16}, on the F16 checkpoint (the README's
 * "about 1e-2 relative"). The {@code txt2img}, {@code img2img}, {@code denoiser_schedule} and {@code cfg_step}
 * kinds are run by the {@code pipeline} area; any other kind not implemented yet is listed and fails with
 * "not implemented yet".
 */
public final class ModelsConformanceArea implements ConformanceArea {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "models";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        Path index = dir.resolve("cases.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
        String defaultModel = root.path("model").asText("tiny-sd1");
        List<ConformanceCase> out = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            if (PipelineConformanceArea.MODEL_KINDS.contains(c.path("kind").asText())) {
                continue; // run by the pipeline area
            }
            String model = c.path("model").asText(defaultModel);
            out.add(new ModelCase(dir, c, model, WeightsVariant.F32));
            if (ModelCase.isComponentKind(c.path("kind").asText())) {
                out.add(new ModelCase(dir, c, model, WeightsVariant.F16));
            }
        }
        return List.copyOf(out);
    }

    /** Which checkpoint file of a model a case runs on, with the tolerance that applies to it. */
    enum WeightsVariant {
        /** {@code <model>.safetensors}, README component tolerance. */
        F32("", "", 1e-4, 1e-4),
        /** {@code <model>-fp16.safetensors}, README: about 1e-2 relative against the F32 goldens. */
        F16("-fp16", "@fp16", 1e-2, 1e-2);

        final String fileSuffix;
        final String idSuffix;
        final double atol;
        final double rtol;

        WeightsVariant(String fileSuffix, String idSuffix, double atol, double rtol) {
            this.fileSuffix = fileSuffix;
            this.idSuffix = idSuffix;
            this.atol = atol;
            this.rtol = rtol;
        }
    }
}
