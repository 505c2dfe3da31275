package io.sdjava.samples.textures;

import java.util.List;

/**
 * One texture of a {@link PackSpec}.
 *
 * @param id where the texture goes
 * @param prompt the positive prompt
 * @param negativePrompt the negative prompt (the pack's default when the entry has none)
 * @param loras LoRA tags to add to the prompt, each {@code name} or {@code name:weight}
 * @param embeddings textual-inversion names to add to the prompt
 * @param negativeEmbeddings textual-inversion names to add to the negative prompt
 * @param seed the seed, 0 or more (derived from the id when the spec gives none)
 */
record TextureSpec(TextureId id, String prompt, String negativePrompt, List<String> loras, List<String> embeddings,
        List<String> negativeEmbeddings, long seed) {
    TextureSpec {
        loras = List.copyOf(loras);
        embeddings = List.copyOf(embeddings);
        negativeEmbeddings = List.copyOf(negativeEmbeddings);
    }

    /** @return the prompt with the embedding names and {@code <lora:...>} tags appended */
    String fullPrompt() {
        StringBuilder sb = new StringBuilder(prompt);
        embeddings.forEach(e -> append(sb, e));
        loras.forEach(l -> append(sb, "<lora:" + (l.contains(":") ? l : l + ":1") + ">"));
        return sb.toString();
    }

    /** @return the negative prompt with the negative embedding names appended */
    String fullNegativePrompt() {
        StringBuilder sb = new StringBuilder(negativePrompt);
        negativeEmbeddings.forEach(e -> append(sb, e));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        sb.append(part);
    }
}
