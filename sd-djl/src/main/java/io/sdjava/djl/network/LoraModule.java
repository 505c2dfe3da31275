package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.io.StateDict;
import java.util.Map;

/** Plain LoRA and LoCon: {@code lora_up @ lora_down}, optionally with a CP-decomposed {@code lora_mid}. */
final class LoraModule extends NetworkModule {
    LoraModule(NetworkKeyMapper.Target target, StateDict file, Map<String, String> keyByPart) {
        super(target, file, keyByPart);
    }

    static boolean accepts(Map<String, String> parts) {
        return parts.containsKey("lora_up.weight") && parts.containsKey("lora_down.weight");
    }

    @Override
    Long dim() {
        return shape("lora_down.weight")[0];
    }

    @Override
    NDArray updown(NDManager m, double factor) {
        NDArray up = read("lora_up.weight", m).mul(factor);
        NDArray down = read("lora_down.weight", m);
        if (has("lora_mid.weight")) {
            NDArray mid = read("lora_mid.weight", m);
            // rebuild_cp_decomposition(up, down, mid): einsum('n m k l, i n, m j -> i j k l', mid, up, down)
            return makeWeightCp(mid, up.reshape(up.getShape().get(0), -1).transpose(),
                    down.reshape(down.getShape().get(0), -1));
        }
        long[] downShape = down.getShape().getShape();
        long[] out = downShape.length == 4
                ? new long[] {up.getShape().get(0), downShape[1], downShape[2], downShape[3]}
                : new long[] {up.getShape().get(0), downShape[1]};
        return rebuildConventional(up, down, new Shape(out));
    }
}
