package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.io.StateDict;
import java.util.Map;

/**
 * LoKr: Kronecker product of {@code w1} (full or {@code w1_a @ w1_b}) and {@code w2} (full, low-rank, or CP with
 * {@code lokr_t2}). The rank, and so the alpha scaling, exists only when a low-rank factor is present.
 */
final class LokrModule extends NetworkModule {
    LokrModule(NetworkKeyMapper.Target target, StateDict file, Map<String, String> keyByPart) {
        super(target, file, keyByPart);
    }

    static boolean accepts(Map<String, String> parts) {
        boolean has1 = parts.containsKey("lokr_w1") || (parts.containsKey("lokr_w1_a") && parts.containsKey("lokr_w1_b"));
        boolean has2 = parts.containsKey("lokr_w2") || (parts.containsKey("lokr_w2_a") && parts.containsKey("lokr_w2_b"));
        return has1 && has2;
    }

    @Override
    Long dim() {
        if (has("lokr_w1_b")) {
            return shape("lokr_w1_b")[0];
        }
        if (has("lokr_w2_b")) {
            return shape("lokr_w2_b")[0];
        }
        return null;
    }

    @Override
    NDArray updown(NDManager m, double factor) {
        NDArray w1 = (has("lokr_w1") ? read("lokr_w1", m) : read("lokr_w1_a", m).matMul(read("lokr_w1_b", m)))
                .mul(factor);
        NDArray w2;
        if (has("lokr_w2")) {
            w2 = read("lokr_w2", m);
        } else if (has("lokr_t2")) {
            w2 = makeWeightCp(read("lokr_t2", m), read("lokr_w2_a", m), read("lokr_w2_b", m));
        } else {
            w2 = read("lokr_w2_a", m).matMul(read("lokr_w2_b", m));
        }
        return kron(w1, w2);
    }

    /** {@code torch.kron(w1, w2)} for a 2-D {@code w1} and a 2-D or 4-D {@code w2} (w1 then taken as [a, c, 1, 1]). */
    static NDArray kron(NDArray w1, NDArray w2) {
        long a = w1.getShape().get(0);
        long c = w1.getShape().get(1);
        long[] s2 = w2.getShape().getShape();
        long b = s2[0];
        long d = s2[1];
        if (s2.length == 4) {
            NDArray x = w1.reshape(a, 1, c, 1, 1, 1).mul(w2.reshape(1, b, 1, d, s2[2], s2[3]));
            return x.reshape(a * b, c * d, s2[2], s2[3]);
        }
        return w1.reshape(a, 1, c, 1).mul(w2.reshape(1, b, 1, d)).reshape(a * b, c * d);
    }
}
