package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.io.StateDict;
import java.util.Map;

/** LyCORIS "full" / diff modules: the file stores the weight difference itself ({@code diff}). */
final class FullModule extends NetworkModule {
    FullModule(NetworkKeyMapper.Target target, StateDict file, Map<String, String> keyByPart) {
        super(target, file, keyByPart);
    }

    static boolean accepts(Map<String, String> parts) {
        return parts.containsKey("diff");
    }

    @Override
    Long dim() {
        return null;
    }

    @Override
    NDArray updown(NDManager m, double factor) {
        return read("diff", m).mul(factor);
    }
}
