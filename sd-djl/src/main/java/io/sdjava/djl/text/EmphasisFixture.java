package io.sdjava.djl.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import java.io.IOException;
import java.nio.file.Path;

/** The {@code emphasis.safetensors} checks: the chunk multipliers of its two prompts and each emphasis mode. */
final class EmphasisFixture {
    /** The README's suggested tolerance (float32 vs float64 evaluation differ by at most 4.6e-7). */
    static final double ATOL = 1e-5;
    private final Path file;

    EmphasisFixture(Path file) {
        this.file = file;
    }

    CaseResult checkMultipliers(PromptChunker chunker) throws IOException {
        try (StateDict sd = SafetensorsReader.open(file)) {
            JsonNode prompts = FixtureJson.MAPPER.readTree(sd.metadata().get("prompts"));
            float[] expected = sd.toFloatArray("multipliers");
            int width = PromptChunker.CHUNK_LENGTH + 2;
            double max = 0;
            for (int p = 0; p < prompts.size(); p++) {
                double[] m = chunker.layout(prompts.get(p).asText()).chunks().get(0).multipliers();
                for (int i = 0; i < width; i++) {
                    if ((float) m[i] != expected[p * width + i]) {
                        return CaseResult.fail("prompt " + p + " position " + i + ": multiplier " + (float) m[i]
                                + ", expected " + expected[p * width + i]);
                    }
                }
            }
            return CaseResult.pass(max);
        }
    }

    CaseResult check(EmphasisMode mode) {
        String expectedKey = switch (mode) {
            case ORIGINAL -> "z_original";
            case NO_NORM -> "z_no_norm";
            case IGNORE, NONE -> "z_in";
        };
        try (StateDict sd = SafetensorsReader.open(file); NDManager m = NDManager.newBaseManager()) {
            m.setName("emphasis-fixture");
            NDArray z = sd.toNDArray("z_in", m);
            NDArray multipliers = sd.toNDArray("multipliers", m);
            float[] actual = Emphasis.apply(z, multipliers, mode).toFloatArray();
            float[] expected = sd.toFloatArray(expectedKey);
            if (actual.length != expected.length) {
                return CaseResult.fail(actual.length + " values, expected " + expected.length);
            }
            double max = 0;
            for (int i = 0; i < actual.length; i++) {
                max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
            }
            return max <= ATOL ? CaseResult.pass(max)
                    : CaseResult.fail("max abs diff " + max + " above " + ATOL + " against " + expectedKey, max);
        }
    }
}
