package io.sdjava.djl.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.ModelLoadException;
import io.sdjava.djl.embedding.Embedding;
import io.sdjava.djl.embedding.EmbeddingLibrary;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.conformance.CaseResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** The textual-inversion file-format cases of the networks fixtures (width-64 SD1 model). */
final class EmbeddingChecks {
    private static final int SD1_FIXTURE_WIDTH = 64;

    private EmbeddingChecks() {}

    static CaseResult check(Path dir, Path file, JsonNode spec) {
        Embedding e;
        try {
            e = EmbeddingLibrary.readFile(file);
        } catch (ModelLoadException ex) {
            if (spec.has("error")) {
                String reason = spec.path("error").asText().replaceFirst("^[A-Za-z]+Error: ", "");
                return ex.getMessage().contains(reason) ? CaseResult.pass()
                        : CaseResult.fail("refused with another reason: " + ex.getMessage());
            }
            return CaseResult.fail("refused: " + ex.getMessage());
        }
        if (spec.has("error")) {
            return CaseResult.fail("loaded, but the reference refuses it: " + spec.path("error").asText());
        }
        String problem = null;
        if (!e.name().equals(spec.path("name").asText())) {
            problem = "name " + e.name();
        } else if (e.vectors() != spec.path("vectors").asInt() || e.width() != spec.path("shape").asInt()) {
            problem = "vectors/shape " + e.vectors() + "/" + e.width();
        } else if (!Objects.equals(e.step(), spec.path("step").isNull() ? null : spec.path("step").asLong())
                || !Objects.equals(e.sdCheckpoint(), textOrNull(spec.path("sd_checkpoint")))
                || !Objects.equals(e.sdCheckpointName(), textOrNull(spec.path("sd_checkpoint_name")))) {
            problem = "metadata step=" + e.step() + " sd_checkpoint=" + e.sdCheckpoint() + "/" + e.sdCheckpointName();
        } else if ((e.width() == SD1_FIXTURE_WIDTH) != spec.path("registered_on_sd1_with_width_64").asBoolean()) {
            problem = "registration on a width-64 model differs";
        }
        if (problem != null) {
            return CaseResult.fail(problem);
        }
        try (SafetensorsReader goldens = SafetensorsReader.open(dir.resolve("ti_goldens.safetensors"))) {
            for (JsonNode g : spec.path("golden")) {
                String key = g.asText();
                String part = key.substring(key.lastIndexOf('/') + 1);
                float[] want = goldens.toFloatArray(key);
                float[] got = part.equals("vec") ? e.values() : e.parts().get(part);
                if (got == null || !Arrays.equals(want, got)) {
                    return CaseResult.fail("values of " + key + " differ");
                }
            }
        }
        return CaseResult.pass(0);
    }

    private static String textOrNull(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asText();
    }
}
