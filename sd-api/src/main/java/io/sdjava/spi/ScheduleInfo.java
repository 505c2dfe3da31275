package io.sdjava.spi;

import java.util.List;
import java.util.Objects;

/**
 * Describes a schedule (A1111 "scheduler") a {@link ScheduleProvider} offers.
 *
 * @param id lower snake case id, e.g. {@code "karras"}
 * @param displayName A1111's label, e.g. {@code "Karras"}
 * @param aliases other accepted names
 */
public record ScheduleInfo(String id, String displayName, List<String> aliases) {
    /**
     * Validates and copies.
     *
     * @param id see {@link #id()}
     * @param displayName see {@link #displayName()}
     * @param aliases see {@link #aliases()}
     */
    public ScheduleInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        aliases = List.copyOf(aliases);
    }
}
