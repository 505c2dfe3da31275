package io.sdjava.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads one weights file, checks the detected architecture against {@code cases.json} and compares the raw
 * network output on the golden input (README tolerance: atol 1e-5).
 */
record NetworkGoldenCase(String id, Path dir, Path weights, JsonNode spec) implements ConformanceCase {
    static final double ATOL = 1e-5;

    @Override
    public CaseResult run() {
        JsonNode tensorCase = spec.get("tensor_case");
        String inputName = tensorCase.get("input").asText();
        String outputName = tensorCase.get("output").asText();
        try (StateDict goldens = SafetensorsReader.open(dir.resolve("goldens.safetensors"));
                StateDict weightsFile = EsrganWeights.open(weights);
                NDManager manager = NDManager.newBaseManager();
                RrdbNet net = RrdbNet.load(weightsFile, manager)) {
            List<String> archProblems = ArchitectureCheck.mismatches(net.architecture(), spec, spec.get("spandrel"));
            float[] actual;
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.create(goldens.toFloatArray(inputName), new Shape(goldens.info(inputName).shape()));
                NDArray y = net.forward(x);
                if (!y.getShape().equals(new Shape(goldens.info(outputName).shape()))) {
                    return CaseResult.fail("output shape " + y.getShape() + " != golden "
                            + new Shape(goldens.info(outputName).shape()));
                }
                actual = y.toFloatArray();
            }
            double diff = MaxAbsDiff.of(goldens.toFloatArray(outputName), actual);
            if (!archProblems.isEmpty()) {
                return CaseResult.fail("architecture: " + String.join("; ", archProblems), diff);
            }
            return diff <= ATOL ? CaseResult.pass(diff)
                    : CaseResult.fail("raw output max abs diff " + diff + " > " + ATOL, diff);
        }
    }
}
