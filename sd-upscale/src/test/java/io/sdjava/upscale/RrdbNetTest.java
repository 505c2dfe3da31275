package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.io.RenamedStateDict;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Numerics of the other key layouts (before .pth files can be read) and native-memory hygiene. */
class RrdbNetTest {
    private static final Path DIR = Fixtures.area("upscale");

    @Test
    void oldEsrganKeysGiveTheSameOutput() {
        JsonNode map = UpscaleConformance.readJson(DIR.resolve("cases.json")).get("tiny_x2").get("new_to_old_key_map");
        assertSameOutput("tiny_x2", k -> map.get(k).asText(), EsrganKeyLayout.Kind.OLD_ESRGAN);
    }

    @Test
    void paramsEmaWrapperGivesTheSameOutput() {
        assertSameOutput("tiny_x4_gc8", k -> "params_ema." + k, EsrganKeyLayout.Kind.NEW_ARCH);
    }

    @Test
    void bsrganNamesGiveTheSameOutput() {
        assertSameOutput("tiny_x4", EsrganKeyLayoutTest::toBsrgan, EsrganKeyLayout.Kind.BSRGAN);
    }

    private static void assertSameOutput(String model, UnaryOperator<String> rename, EsrganKeyLayout.Kind kind) {
        try (StateDict goldens = SafetensorsReader.open(DIR.resolve("goldens.safetensors"));
                StateDict sd = RenamedStateDict.of(SafetensorsReader.open(DIR.resolve(model + ".safetensors")), rename);
                NDManager manager = NDManager.newBaseManager();
                RrdbNet net = RrdbNet.load(sd, manager)) {
            java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
            sd.keys().forEach(k -> shapes.put(k, sd.info(k).shape()));
            assertEquals(kind, EsrganKeyLayout.detect(shapes).kind());
            NDArray x = manager.create(goldens.toFloatArray(model + ".input"),
                    new Shape(goldens.info(model + ".input").shape()));
            float[] y = net.forward(x).toFloatArray();
            double diff = MaxAbsDiff.of(goldens.toFloatArray(model + ".output"), y);
            assertTrue(diff <= NetworkGoldenCase.ATOL, model + " renamed: max abs diff " + diff);
        }
    }

    @Test
    void halfAndBfloat16WeightsAreWidened(@org.junit.jupiter.api.io.TempDir Path tmp) {
        for (io.sdjava.io.TensorDType dtype : new io.sdjava.io.TensorDType[] {io.sdjava.io.TensorDType.F16,
                io.sdjava.io.TensorDType.BF16}) {
            Path file = tmp.resolve("tiny_x4_" + dtype.label() + ".safetensors");
            try (StateDict sd = SafetensorsReader.open(DIR.resolve("tiny_x4.safetensors"))) {
                io.sdjava.io.SafetensorsWriter writer = new io.sdjava.io.SafetensorsWriter();
                for (String k : sd.keys()) {
                    writer.tensor(k, dtype, sd.info(k).shape(), sd.toFloatArray(k));
                }
                writer.write(file);
            }
            try (StateDict goldens = SafetensorsReader.open(DIR.resolve("goldens.safetensors"));
                    StateDict sd = SafetensorsReader.open(file);
                    NDManager manager = NDManager.newBaseManager();
                    RrdbNet net = RrdbNet.load(sd, manager)) {
                NDArray x = manager.create(goldens.toFloatArray("tiny_x4.input"), new Shape(1, 3, 24, 20));
                double diff = MaxAbsDiff.of(goldens.toFloatArray("tiny_x4.output"), net.forward(x).toFloatArray());
                assertTrue(diff < 0.05, dtype + " weights: max abs diff " + diff); // rounding of the weights only
            }
        }
    }

    @Test
    void forwardLeavesOnlyItsOutputBehind() {
        try (StateDict sd = SafetensorsReader.open(DIR.resolve("tiny_x2.safetensors"));
                NDManager root = NDManager.newBaseManager();
                RrdbNet net = RrdbNet.load(sd, root);
                NDManager scope = root.newSubManager()) {
            NDArray x = scope.ones(new Shape(1, 3, 8, 12));
            int before = scope.getManagedArrays().size();
            NDArray y = net.forward(x);
            assertEquals(new Shape(1, 3, 16, 24), y.getShape());
            assertEquals(before + 1, scope.getManagedArrays().size(), "intermediates left on the caller's manager");
        }
    }

    @Test
    void pixelUnshuffleMatchesTorchOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] in = new float[2 * 4 * 6];
            for (int i = 0; i < in.length; i++) {
                in[i] = i;
            }
            float[] out = RrdbNet.pixelUnshuffle(m.create(in, new Shape(1, 2, 4, 6)), 2).toFloatArray();
            float[] expected = new float[out.length];
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        for (int y = 0; y < 2; y++) {
                            for (int x = 0; x < 3; x++) {
                                expected[((c * 4 + i * 2 + j) * 2 + y) * 3 + x] = in[(c * 4 + y * 2 + i) * 6 + x * 2 + j];
                            }
                        }
                    }
                }
            }
            assertArrayEquals(expected, out);
        }
    }
}
