package io.sdjava.djl.model;

import io.sdjava.io.RenamedStateDict;
import io.sdjava.io.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Test views of a state dict with some keys hidden and some extra keys aliasing existing tensors. */
final class FilteredStateDict {
    private FilteredStateDict() {}

    /**
     * @param delegate the file
     * @param hidden keys to hide
     * @param aliases extra names (listed first) for existing tensors
     * @return the view; closing it closes {@code delegate}
     */
    static StateDict of(StateDict delegate, Set<String> hidden, Map<String, String> aliases) {
        Map<String, String> names = new LinkedHashMap<>(aliases);
        delegate.keys().stream().filter(k -> !hidden.contains(k)).forEach(k -> names.putIfAbsent(k, k));
        return RenamedStateDict.of(delegate, names);
    }
}
