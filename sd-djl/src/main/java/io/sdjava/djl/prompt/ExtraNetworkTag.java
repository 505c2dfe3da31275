package io.sdjava.djl.prompt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code <name:args>} tag of a positive prompt, such as {@code <lora:add_detail:0.8>}, parsed as A1111's
 * {@code ExtraNetworkParams}: the arguments split on {@code :}; an argument with exactly one {@code =} is named.
 *
 * @param name the network type ({@code lora}, {@code lyco}, {@code hypernet}...)
 * @param items every argument in order
 * @param positional the arguments without {@code =}, in order (the first is normally the network's name)
 * @param named the {@code key=value} arguments, in order (a repeated key keeps its last value)
 */
public record ExtraNetworkTag(String name, List<String> items, List<String> positional, Map<String, String> named) {
    /** Copies the collections. */
    public ExtraNetworkTag {
        items = List.copyOf(items);
        positional = List.copyOf(positional);
        named = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(named));
    }
}
