package io.sdjava.samples.textures;

import io.sdjava.SdImage;

/**
 * One finished texture.
 *
 * @param spec the spec entry it came from
 * @param texture the final pixels at the pack's texture size
 * @param infotext the generation's A1111 infotext (regenerates the full-size image)
 * @param seam the tiling check of {@code texture}
 */
record GeneratedTexture(TextureSpec spec, SdImage texture, String infotext, SeamCheck seam) {}
