package io.sdjava.djl.conditioning;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One 77-token chunk of a prompt as A1111's CLIP wrapper lays it out: {@code [BOS] + 75 tokens (padded with EOS)
 * + [EOS]}, one emphasis multiplier per position (1.0 for BOS, EOS and padding), and the textual-inversion
 * embeddings whose vectors replace token positions.
 *
 * @param tokens the token ids, {@link #LENGTH} of them
 * @param multipliers the emphasis multiplier of each position
 * @param embeddings the embeddings spliced into this chunk, in position order
 */
public record TokenChunk(int[] tokens, float[] multipliers, List<EmbeddingSlot> embeddings) {
    /** Positions per chunk: BOS, 75 tokens, EOS. */
    public static final int LENGTH = 77;

    /**
     * Copies and checks the lengths.
     *
     * @param tokens see {@link #tokens()}
     * @param multipliers see {@link #multipliers()}
     * @param embeddings see {@link #embeddings()}
     */
    public TokenChunk {
        tokens = tokens.clone();
        multipliers = multipliers.clone();
        embeddings = List.copyOf(embeddings);
        if (tokens.length != LENGTH || multipliers.length != LENGTH) {
            throw new IllegalArgumentException("a chunk has " + LENGTH + " tokens and multipliers, got "
                    + tokens.length + " and " + multipliers.length);
        }
        for (EmbeddingSlot slot : embeddings) {
            if (slot.firstPosition() < 1 || slot.firstPosition() + slot.vectors() > LENGTH - 1) {
                throw new IllegalArgumentException("embedding " + slot.name() + " at position " + slot.firstPosition()
                        + " with " + slot.vectors() + " vectors does not fit positions 1.." + (LENGTH - 2));
            }
        }
    }

    /**
     * A chunk without emphasis or embeddings.
     *
     * @param tokens the 77 token ids
     * @return the chunk, every multiplier 1.0
     */
    public static TokenChunk plain(int[] tokens) {
        float[] ones = new float[tokens.length];
        Arrays.fill(ones, 1f);
        return new TokenChunk(tokens, ones, List.of());
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public float[] multipliers() {
        return multipliers.clone();
    }

    /** @return whether every multiplier is exactly 1 */
    public boolean unweighted() {
        for (float m : multipliers) {
            if (m != 1f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenChunk c && Arrays.equals(tokens, c.tokens) && Arrays.equals(multipliers, c.multipliers)
                && embeddings.equals(c.embeddings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), Arrays.hashCode(multipliers), embeddings);
    }

    @Override
    public String toString() {
        return "TokenChunk[tokens=" + Arrays.toString(tokens) + ", multipliers=" + Arrays.toString(multipliers)
                + ", embeddings=" + embeddings + "]";
    }

    /**
     * A textual-inversion embedding placed in a chunk.
     *
     * @param name the embedding's name (its file name stem)
     * @param firstPosition the position of its first vector within the 77 (BOS is position 0)
     * @param vectors how many positions it occupies
     */
    public record EmbeddingSlot(String name, int firstPosition, int vectors) {
        /**
         * Checks the values.
         *
         * @param name see {@link #name()}
         * @param firstPosition see {@link #firstPosition()}
         * @param vectors see {@link #vectors()}
         */
        public EmbeddingSlot {
            Objects.requireNonNull(name, "name");
            if (vectors < 1) {
                throw new IllegalArgumentException("embedding " + name + " needs at least one vector");
            }
        }
    }
}
