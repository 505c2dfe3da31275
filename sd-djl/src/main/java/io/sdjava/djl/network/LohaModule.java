package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.io.StateDict;
import java.util.Map;

/** LoHa: Hadamard product of two low-rank products, each optionally in CP/Tucker form ({@code hada_t1/t2}). */
final class LohaModule extends NetworkModule {
    LohaModule(NetworkKeyMapper.Target target, StateDict file, Map<String, String> keyByPart) {
        super(target, file, keyByPart);
    }

    static boolean accepts(Map<String, String> parts) {
        return parts.containsKey("hada_w1_a") && parts.containsKey("hada_w1_b") && parts.containsKey("hada_w2_a")
                && parts.containsKey("hada_w2_b");
    }

    @Override
    Long dim() {
        return shape("hada_w1_b")[0];
    }

    @Override
    NDArray updown(NDManager m, double factor) {
        return half(m, "1", factor).mul(half(m, "2", 1.0));
    }

    private NDArray half(NDManager m, String n, double factor) {
        NDArray wa = read("hada_w" + n + "_a", m).mul(factor);
        NDArray wb = read("hada_w" + n + "_b", m);
        if (has("hada_t" + n)) {
            return makeWeightCp(read("hada_t" + n, m), wa, wb);
        }
        long[] b = wb.getShape().getShape();
        long[] out = b.length == 4
                ? new long[] {wa.getShape().get(0), b[1], b[2], b[3]}
                : new long[] {wa.getShape().get(0), b[1]};
        return rebuildConventional(wa, wb, new Shape(out));
    }
}
