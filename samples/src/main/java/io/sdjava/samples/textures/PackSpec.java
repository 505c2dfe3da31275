package io.sdjava.samples.textures;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated texture-pack spec: what {@link SpecReader} returns once every check passed.
 *
 * @param name the pack's name, also the folder and zip name
 * @param description the {@code pack.mcmeta} description
 * @param packFormat the {@code pack.mcmeta} {@code pack_format} number
 * @param checkpoint the model checkpoint file
 * @param sampler the sampler name (A1111 display name or id)
 * @param scheduler the schedule name, or {@code Automatic}
 * @param steps sampling steps
 * @param cfgScale classifier-free guidance scale
 * @param generationSize the side of the square generated image, a power of two
 * @param textureSize the side of the written texture, a power of two dividing {@code generationSize}
 * @param paletteColors the number of colours to quantize to, or 0 to keep every colour
 * @param textures the textures, in spec order
 */
record PackSpec(String name, String description, int packFormat, Path checkpoint, String sampler, String scheduler,
        int steps, double cfgScale, int generationSize, int textureSize, int paletteColors,
        List<TextureSpec> textures) {
    PackSpec {
        textures = List.copyOf(textures);
    }
}
