package io.sdjava.upscale;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Compares a detected {@link RrdbArchitecture} with the hyperparameters and loader report of a fixture. */
final class ArchitectureCheck {
    private ArchitectureCheck() {}

    /**
     * @param arch the detected architecture
     * @param hyper an object with any of {@code scale, num_feat, num_block, num_grow_ch, num_in_ch, num_out_ch}
     * @param loader an object with any of {@code scale, input_channels, multiple_of} (or missing)
     * @return the mismatches, empty when all agree
     */
    static List<String> mismatches(RrdbArchitecture arch, JsonNode hyper, JsonNode loader) {
        List<String> out = new ArrayList<>();
        expect(out, hyper, "scale", arch.scale());
        expect(out, hyper, "num_feat", arch.numFeat());
        expect(out, hyper, "num_block", arch.numBlock());
        expect(out, hyper, "num_grow_ch", arch.numGrowCh());
        expect(out, hyper, "num_in_ch", arch.numInCh());
        expect(out, hyper, "num_out_ch", arch.numOutCh());
        expect(out, loader, "scale", arch.scale());
        expect(out, loader, "input_channels", arch.numInCh());
        expect(out, loader, "multiple_of", arch.multipleOf());
        if (loader != null && loader.has("size_requirements")) {
            expect(out, loader.get("size_requirements"), "multiple_of", arch.multipleOf());
        }
        return out;
    }

    private static void expect(List<String> out, JsonNode node, String field, int actual) {
        if (node != null && node.has(field) && node.get(field).asInt() != actual) {
            out.add(field + " expected " + node.get(field).asInt() + " but detected " + actual);
        }
    }
}
