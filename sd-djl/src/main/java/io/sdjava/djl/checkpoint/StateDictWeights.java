package io.sdjava.djl.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.sdjava.ModelLoadException;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads weights from a checkpoint onto a weights manager, widening F16/BF16/F64 to float32. Missing keys and
 * shape mismatches are collected and reported together by {@link #finish()}; keys never asked for
 * ({@code model_ema.*}, optimizer state, schedule buffers) are ignored. Not thread-safe (use while loading).
 */
public final class StateDictWeights implements WeightSource {
    private static final int MAX_LISTED = 40;

    private final StateDict stateDict;
    private final NDManager manager;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> mismatched = new ArrayList<>();
    private final Map<String, LoadedWeight> loaded = new LinkedHashMap<>();

    /**
     * A weight as the model holds it.
     *
     * @param array the live array (a transposed view for linear layers read with {@code transposed})
     * @param transposed whether {@code array} is the checkpoint tensor transposed ({@code [in, out]})
     * @param base the contiguous float32 array in checkpoint layout that {@code array} views (itself if not
     *     transposed); writing into it changes what the model computes with
     */
    public record LoadedWeight(NDArray array, boolean transposed, NDArray base) {}

    /**
     * @param stateDict the checkpoint
     * @param manager the weights manager that will own every array read
     */
    public StateDictWeights(StateDict stateDict, NDManager manager) {
        this.stateDict = stateDict;
        this.manager = manager;
    }

    @Override
    public NDArray read(String key, long[] shape, boolean transposed) {
        used.add(key);
        if (!stateDict.contains(key)) {
            missing.add(key);
            return null;
        }
        TensorInfo info = stateDict.info(key);
        if (!info.dtype().isFloatingPoint()) {
            mismatched.add(key + " is " + info.dtype() + ", expected a float type");
            return null;
        }
        if (!Arrays.equals(info.shape(), shape)) {
            mismatched.add(key + " has shape " + Arrays.toString(info.shape()) + ", expected "
                    + Arrays.toString(shape));
            return null;
        }
        NDArray stored = stateDict.toNDArray(key, manager);
        NDArray array = stored;
        if (stored.getDataType() != DataType.FLOAT32) {
            array = stored.toType(DataType.FLOAT32, false);
            stored.close();
        }
        NDArray base = array;
        if (transposed) {
            // A view sharing the storage. The stored array stays open on the weights manager: an F32 array is
            // created over a Java direct buffer that only its own NDArray keeps reachable, so closing it would
            // let the view read freed memory.
            array = array.transpose();
        }
        array.setName(key);
        loaded.put(key, new LoadedWeight(array, transposed, base));
        return array;
    }

    /** @return every weight read so far by checkpoint key, in load order */
    public Map<String, LoadedWeight> loaded() {
        return Collections.unmodifiableMap(loaded);
    }

    /** @return the keys read so far, in order */
    public Set<String> usedKeys() {
        return Set.copyOf(used);
    }

    /**
     * Reports what was missing or of the wrong shape.
     *
     * @throws ModelLoadException listing the missing keys and mismatched shapes, if any
     */
    public void finish() {
        if (missing.isEmpty() && mismatched.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("checkpoint ").append(stateDict.source()).append(" does not fit an ")
                .append("SD 1.x model:");
        if (!missing.isEmpty()) {
            sb.append(' ').append(missing.size()).append(" missing keys: ").append(list(missing));
        }
        if (!mismatched.isEmpty()) {
            sb.append(missing.isEmpty() ? " " : "; ").append(mismatched.size()).append(" mismatched tensors: ")
                    .append(list(mismatched));
        }
        throw new ModelLoadException(sb.toString());
    }

    private static String list(List<String> items) {
        List<String> shown = items.subList(0, Math.min(items.size(), MAX_LISTED));
        String more = items.size() > MAX_LISTED ? ", ... (" + (items.size() - MAX_LISTED) + " more)" : "";
        return String.join(", ", shown) + more;
    }
}
