package io.sdjava.djl.text;

import io.sdjava.djl.prompt.WeightedText;
import java.util.List;

/**
 * The conditioning layout of one prompt text: its attention fragments, their token ids and the 77-token chunks.
 *
 * @param attention the parsed fragments
 * @param fragmentTokenIds the token ids of each fragment (tokenized separately)
 * @param tokenCount A1111's token counter (75 per full chunk plus the length of the last one)
 * @param chunks at least one chunk
 */
public record ChunkLayout(List<WeightedText> attention, List<int[]> fragmentTokenIds, int tokenCount,
        List<PromptChunk> chunks) {
    /** Copies the lists. */
    public ChunkLayout {
        attention = List.copyOf(attention);
        fragmentTokenIds = List.copyOf(fragmentTokenIds);
        chunks = List.copyOf(chunks);
    }
}
