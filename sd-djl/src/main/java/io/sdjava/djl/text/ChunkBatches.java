package io.sdjava.djl.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups the chunks of texts encoded together (for a prompt: every distinct text of its schedule) chunk index by
 * chunk index, as A1111 does: a text with fewer chunks contributes {@link PromptChunk#empty()} chunks. The emphasis
 * mean restoration then runs over each whole batch.
 */
public final class ChunkBatches {
    private ChunkBatches() {}

    /**
     * @param layouts the layouts of the texts, in batch order
     * @return for every chunk index, one chunk per text (outer size = the largest chunk count)
     */
    public static List<List<PromptChunk>> of(List<ChunkLayout> layouts) {
        int count = layouts.stream().mapToInt(l -> l.chunks().size()).max().orElse(0);
        List<List<PromptChunk>> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<PromptChunk> batch = new ArrayList<>(layouts.size());
            for (ChunkLayout l : layouts) {
                batch.add(i < l.chunks().size() ? l.chunks().get(i) : PromptChunk.empty());
            }
            batches.add(List.copyOf(batch));
        }
        return List.copyOf(batches);
    }
}
