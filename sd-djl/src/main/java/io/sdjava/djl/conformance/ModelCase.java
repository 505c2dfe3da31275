package io.sdjava.djl.conformance;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One case of {@code models/cases.json} on one checkpoint variant. */
final class ModelCase implements ConformanceCase {
    private static final Set<String> COMPONENT_KINDS = Set.of("text_encoder", "unet", "vae_decode", "vae_encode");

    private final Path dir;
    private final JsonNode spec;
    private final String model;
    private final ModelsConformanceArea.WeightsVariant variant;

    ModelCase(Path dir, JsonNode spec, String model, ModelsConformanceArea.WeightsVariant variant) {
        this.dir = dir;
        this.spec = spec;
        this.model = model;
        this.variant = variant;
    }

    static boolean isComponentKind(String kind) {
        return COMPONENT_KINDS.contains(kind);
    }

    /** @return the case's kind, e.g. {@code "unet"} */
    String kind() {
        return spec.path("kind").asText();
    }

    @Override
    public String id() {
        return spec.path("name").asText() + variant.idSuffix;
    }

    @Override
    public CaseResult run() throws Exception {
        String kind = kind();
        if (!isComponentKind(kind)) {
            return CaseResult.fail("not implemented yet: kind " + kind);
        }
        Path checkpoint = dir.resolve(model + variant.fileSuffix + ".safetensors");
        Path golden = dir.resolve(spec.path("file").asText());
        TensorComparison cmp = new TensorComparison(variant.atol, variant.rtol);
        try (NDManager root = NDManager.newBaseManager();
                StateDict weights = SafetensorsReader.open(checkpoint);
                StateDict expected = SafetensorsReader.open(golden)) {
            root.setName("conformance:" + id());
            ArchitectureConfig config = ArchitectureConfig.of(infos(weights), modelYaml());
            try (StableDiffusionModel sd = StableDiffusionModel.load(weights, config, root);
                    NDManager scope = root.newSubManager()) {
                ComponentChecks checks = new ComponentChecks(sd, expected, spec.path("params"), scope, cmp);
                switch (kind) {
                    case "text_encoder" -> checks.textEncoder();
                    case "unet" -> checks.unet();
                    case "vae_decode" -> checks.vaeDecode();
                    case "vae_encode" -> checks.vaeEncode();
                    default -> throw new IllegalStateException(kind);
                }
            }
        }
        return cmp.passed() ? CaseResult.pass(cmp.maxAbsDiff()) : CaseResult.fail(cmp.detail(), cmp.maxAbsDiff());
    }

    /**
     * The model's config: {@code <model>.yaml} (the F16 file shares the F32 file's yaml, since head counts
     * of the tiny text encoder cannot be inferred from shapes).
     */
    private Path modelYaml() {
        Path yaml = dir.resolve(model + ".yaml");
        return Files.isRegularFile(yaml) ? yaml : null;
    }

    private static Map<String, TensorInfo> infos(StateDict sd) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (String k : sd.keys()) {
            out.put(k, sd.info(k));
        }
        return out;
    }

    @Override
    public String toString() {
        return id();
    }
}
