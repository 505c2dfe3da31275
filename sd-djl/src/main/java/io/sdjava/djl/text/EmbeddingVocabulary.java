package io.sdjava.djl.text;

import java.util.List;

/**
 * The textual-inversion embeddings a prompt may name (implemented by the embeddings library; tests use stand-ins).
 * Names are matched on their token ids, so matching is as case-insensitive as the tokenizer.
 */
@FunctionalInterface
public interface EmbeddingVocabulary {
    /** An empty vocabulary. */
    EmbeddingVocabulary NONE = List::of;

    /**
     * One registered embedding.
     *
     * @param name the name that triggers it in a prompt
     * @param vectors how many token positions its vectors occupy
     */
    record Entry(String name, int vectors) {}

    /** @return every embedding, in registration order (earlier wins among names of equal token length) */
    List<Entry> entries();
}
