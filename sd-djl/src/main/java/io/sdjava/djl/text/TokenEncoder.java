package io.sdjava.djl.text;

import java.util.List;

/** Turns text into CLIP token ids without BOS/EOS and without truncation. Implementations are thread-safe. */
@FunctionalInterface
public interface TokenEncoder {
    /**
     * @param texts pieces of text, each tokenized on its own (BPE never merges across pieces)
     * @return the ids of each piece, in order
     */
    List<int[]> encode(List<String> texts);

    /**
     * @param text one piece of text
     * @return its ids
     */
    default int[] encode(String text) {
        return encode(List.of(text)).get(0);
    }
}
