package io.sdjava;

import java.util.Objects;

/**
 * One generated image with the parameters needed to reproduce it.
 *
 * @param image the pixels
 * @param seed the seed actually used for this image ({@code -1} already replaced by the drawn seed; in a
 *     batch, seed + index as A1111 does)
 * @param subseed the variation seed actually used
 * @param infotext A1111's "parameters" text (prompt, negative prompt, then {@code Steps: 20, Sampler: ...}),
 *     as written into the PNG {@code parameters} chunk
 */
public record GeneratedImage(SdImage image, long seed, long subseed, String infotext) {
    /**
     * Validates that the image and infotext are present.
     *
     * @param image see {@link #image()}
     * @param seed see {@link #seed()}
     * @param subseed see {@link #subseed()}
     * @param infotext see {@link #infotext()}
     */
    public GeneratedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(infotext, "infotext");
    }
}
