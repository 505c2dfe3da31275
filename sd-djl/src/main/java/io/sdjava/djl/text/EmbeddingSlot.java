package io.sdjava.djl.text;

/**
 * Where a textual-inversion embedding goes in a 77-token chunk: its vectors replace the token embeddings at
 * positions {@code offset + 1 ... offset + vectors} (BOS is position 0); those positions hold the placeholder id 0.
 *
 * @param offset the position among the chunk's 75 content tokens
 * @param name the embedding's name
 * @param vectors the number of vectors
 */
public record EmbeddingSlot(int offset, String name, int vectors) {
    /** @return the first position in the 77-token chunk that the embedding overwrites */
    public int firstPosition() {
        return offset + 1;
    }
}
