package io.sdjava.spi;

import java.util.Objects;

/**
 * One tag a {@link Tagger} assigns to an image.
 *
 * @param name the tag, e.g. {@code "1girl"} or {@code "outdoors"}
 * @param score the confidence, 0..1
 */
public record Tag(String name, double score) {
    /**
     * Validates the components.
     *
     * @param name see {@link #name()}
     * @param score see {@link #score()}
     */
    public Tag {
        Objects.requireNonNull(name, "name");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("tag score " + score + " is out of range; allowed: 0..1");
        }
    }
}
