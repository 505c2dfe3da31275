package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.ModelLoadException;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A loaded tagger network: NCHW input [1, 3, T, T] to logits [1, classes]. */
interface TaggerNet {
    /**
     * @param input the network input on a caller-owned manager (intermediates go to child scopes of it)
     * @return the logits, on the input's manager
     */
    NDArray forward(NDArray input);

    /**
     * Builds the net a spec describes from a state dict, checking every weight's presence and shape.
     *
     * @param spec the architecture
     * @param dict the weights (F32, F16 or BF16; widened to float32)
     * @param weights the manager that will own the weights
     * @return the net
     */
    static TaggerNet load(NetSpec spec, StateDict dict, NDManager weights) {
        Map<String, NDArray> w = loadWeights(spec, dict, weights);
        if (spec instanceof VitSpec vit) {
            return new VitNet(vit, w);
        }
        if (spec instanceof SwinV2Spec swin) {
            return new SwinV2Net(swin, w, weights);
        }
        return new ConvNextNet((ConvNextSpec) spec, w);
    }

    private static Map<String, NDArray> loadWeights(NetSpec spec, StateDict dict, NDManager manager) {
        Map<String, long[]> expected = spec.parameterShapes();
        List<String> problems = checkLayout(expected, dict);
        if (!problems.isEmpty()) {
            throw new ModelLoadException("weights in " + dict.source() + " do not match " + spec + ": "
                    + problems.stream().limit(8).collect(Collectors.joining("; "))
                    + (problems.size() > 8 ? " (and " + (problems.size() - 8) + " more)" : ""));
        }
        Map<String, NDArray> out = new HashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NDArray a = manager.create(dict.toFloatArray(e.getKey()), new Shape(e.getValue()));
            a.setName(e.getKey());
            out.put(e.getKey(), a);
        }
        return out;
    }

    /**
     * @param expected name to shape
     * @param dict the weights
     * @return one message per missing, mis-shaped or non-float tensor (empty when the layout matches)
     */
    static List<String> checkLayout(Map<String, long[]> expected, StateDict dict) {
        return expected.entrySet().stream().map(e -> {
            if (!dict.contains(e.getKey())) {
                return "missing " + e.getKey() + " " + Arrays.toString(e.getValue());
            }
            TensorInfo info = dict.info(e.getKey());
            if (!Arrays.equals(info.shape(), e.getValue())) {
                return e.getKey() + " has shape " + Arrays.toString(info.shape()) + ", expected "
                        + Arrays.toString(e.getValue());
            }
            return info.dtype().isFloatingPoint() ? null : e.getKey() + " has dtype " + info.dtype()
                    + "; expected F32, F16 or BF16";
        }).filter(java.util.Objects::nonNull).collect(Collectors.toList());
    }
}
