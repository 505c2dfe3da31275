package io.sdjava;

import java.util.List;

/**
 * The images of one {@link Pipeline#generate} call: {@code batchCount * batchSize} images, batch by batch.
 *
 * @param images the images in generation order; an unmodifiable copy
 */
public record GenerationResult(List<GeneratedImage> images) {
    /**
     * Copies the list.
     *
     * @param images see {@link #images()}
     */
    public GenerationResult {
        images = List.copyOf(images);
    }

    /**
     * @return the first image
     * @throws IllegalStateException if there is none
     */
    public GeneratedImage first() {
        if (images.isEmpty()) {
            throw new IllegalStateException("the result holds no image");
        }
        return images.get(0);
    }
}
