package io.sdjava.upscale;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebUI's 8-bit image path on one golden image: the float intermediates when given (input exact, output
 * atol 1e-5), the tile grid when listed, and the uint8 result within ±1 (README tolerance).
 */
record ImageGoldenCase(String id, Path dir, Path weights, JsonNode spec) implements ConformanceCase {
    static final int U8_TOLERANCE = 1;

    @Override
    public CaseResult run() {
        int tile = spec.path("tile_size").asInt(0);
        int overlap = spec.path("tile_overlap").asInt(0);
        List<String> problems = new ArrayList<>();
        try (StateDict goldens = SafetensorsReader.open(dir.resolve("goldens.safetensors"));
                StateDict weightsFile = EsrganWeights.open(weights);
                NDManager manager = NDManager.newBaseManager();
                RrdbNet net = RrdbNet.load(weightsFile, manager)) {
            RgbImage input = GoldenImages.read(goldens, dir, spec.get("input").asText());
            RgbImage expected = GoldenImages.read(goldens, dir, spec.get("output").asText());
            EsrganPatchUpscaler patch = new EsrganPatchUpscaler(net, manager);
            checkFloatPath(goldens, input, patch, problems);
            if (tile > 0 && spec.has("tiles_y_h_then_x_w")) {
                checkGrid(TileGrid.split(input.width(), input.height(), tile, overlap), problems);
            }
            RgbImage actual = new TiledUpscaler(tile, overlap).upscale(input, patch::upscale, null);
            double diff = MaxAbsDiff.of(expected, actual);
            if (diff > U8_TOLERANCE) {
                problems.add("uint8 max abs diff " + diff + " > " + U8_TOLERANCE + " ("
                        + MaxAbsDiff.count(expected, actual) + " values differ; expected " + expected.width() + "x"
                        + expected.height() + ", got " + actual.width() + "x" + actual.height() + ")");
            }
            return problems.isEmpty() ? CaseResult.pass(diff) : CaseResult.fail(String.join("; ", problems), diff);
        }
    }

    private void checkFloatPath(StateDict goldens, RgbImage input, EsrganPatchUpscaler patch, List<String> problems) {
        if (spec.has("input_bgr_f32")) {
            float[] bgr = EsrganPatchUpscaler.toBgrFloats(input);
            double d = MaxAbsDiff.of(goldens.toFloatArray(spec.get("input_bgr_f32").asText()), bgr);
            if (d != 0) {
                problems.add("input BGR float32 max abs diff " + d + " (expected exact)");
            }
            if (spec.has("output_bgr_f32")) {
                float[] out = patch.runClamped(bgr, input.height(), input.width());
                double o = MaxAbsDiff.of(goldens.toFloatArray(spec.get("output_bgr_f32").asText()), out);
                if (o > NetworkGoldenCase.ATOL) {
                    problems.add("clamped BGR output max abs diff " + o + " > " + NetworkGoldenCase.ATOL);
                }
            }
        }
    }

    private void checkGrid(TileGrid grid, List<String> problems) {
        List<Integer> rows = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (JsonNode row : spec.get("tiles_y_h_then_x_w")) {
            rows.add(row.get(0).asInt());
            if (cols.isEmpty()) {
                for (JsonNode col : row.get(2)) {
                    cols.add(col.get(0).asInt());
                }
            }
        }
        if (!rows.equals(grid.rows()) || !cols.equals(grid.cols())) {
            problems.add("tile origins rows " + grid.rows() + " cols " + grid.cols() + ", expected rows " + rows
                    + " cols " + cols);
        }
    }
}
