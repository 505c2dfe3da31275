package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges LoRA-family networks into the model weights in place and restores them exactly. Each delta is computed in a
 * scratch sub-manager and added with {@code addi}; restoring copies the checkpoint values back into the touched arrays,
 * so the weights are bit-identical to the checkpoint afterwards. Applying the set that is already applied does
 * nothing. Not thread-safe: the pipeline serializes calls (a generation with a different LoRA set waits).
 */
final class NetworkMerger {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkMerger.class);

    /**
     * A network with its multipliers.
     *
     * @param network the resolved network
     * @param te text-encoder multiplier
     * @param unet UNet multiplier
     */
    record Applied(LoraNetwork network, double te, double unet) {
        boolean sameAs(Applied o) {
            return network.file().source().equals(o.network.file().source()) && te == o.te && unet == o.unet;
        }
    }

    private final MergeableWeights weights;
    private final Set<String> touched = new LinkedHashSet<>();
    private List<Applied> current = List.of();

    NetworkMerger(MergeableWeights weights) {
        this.weights = weights;
    }

    /**
     * Makes the weights equal to the checkpoint plus exactly these networks, in order.
     *
     * @param wanted the networks to apply (may be empty)
     * @return whether the weights changed
     */
    boolean apply(List<Applied> wanted) {
        if (sameSet(wanted)) {
            return false;
        }
        restore();
        for (Applied a : wanted) {
            int merged = 0;
            for (Map.Entry<String, NetworkModule> e : a.network().modules().entrySet()) {
                Optional<MergeableWeights.Live> w = weights.weight(e.getKey());
                if (w.isEmpty()) {
                    continue;
                }
                NDArray weight = w.get().array();
                boolean transposed = w.get().transposed();
                NetworkModule module = e.getValue();
                double multiplier = module.target().isTextEncoder() ? a.te() : a.unet();
                touched.add(e.getKey());
                try (NDManager scratch = weight.getManager().newSubManager()) {
                    Shape ldmShape = transposed ? new Shape(weight.getShape().get(1), weight.getShape().get(0))
                            : weight.getShape();
                    NDArray delta = module.delta(scratch, ldmShape, multiplier);
                    weight.addi(transposed ? delta.transpose() : delta);
                }
                merged++;
            }
            LOG.debug("network {}: merged {} layers", a.network().name(), merged);
        }
        current = List.copyOf(wanted);
        return true;
    }

    /** Copies the checkpoint values back into every weight a network changed. */
    void restore() {
        for (String key : touched) {
            weights.weight(key).ifPresent(w -> restore(w, weights.original(key)));
        }
        touched.clear();
        current = List.of();
    }

    private static void restore(MergeableWeights.Live live, float[] original) {
        NDArray w = live.array();
        try (NDManager scratch = w.getManager().newSubManager()) {
            Shape s = w.getShape();
            NDArray src = live.transposed()
                    ? scratch.create(original, new Shape(s.get(1), s.get(0))).transpose()
                    : scratch.create(original, s);
            // an indexed copy writes into the existing storage; NDArray.set(Buffer) may swap the tensor instead, which
            // would detach the model's views from the weight
            w.set(new NDIndex(":"), src);
        }
    }

    private boolean sameSet(List<Applied> wanted) {
        if (wanted.size() != current.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (!wanted.get(i).sameAs(current.get(i))) {
                return false;
            }
        }
        return true;
    }
}
