package io.sdjava.djl.conditioning;

import java.util.Optional;

/**
 * Finds the vectors of a textual-inversion embedding by name (A1111: the file name stem). Implementations are
 * thread-safe. The embedding-file loader implements this; {@link #none()} knows no embedding.
 */
@FunctionalInterface
public interface EmbeddingLookup {
    /**
     * @param name the embedding's name as it appears in prompts
     * @return its vectors, or empty if unknown
     */
    Optional<EmbeddingVectors> find(String name);

    /** @return a lookup that knows no embedding */
    static EmbeddingLookup none() {
        return name -> Optional.empty();
    }

    /**
     * The vectors of one embedding, float32, row-major {@code [vectors, width]}.
     *
     * @param name the embedding's name
     * @param vectors the number of vectors (token positions it occupies)
     * @param width the text encoder width each vector has
     * @param values {@code vectors * width} values
     */
    record EmbeddingVectors(String name, int vectors, int width, float[] values) {
        /**
         * Checks the sizes and copies the values.
         *
         * @param name see {@link #name()}
         * @param vectors see {@link #vectors()}
         * @param width see {@link #width()}
         * @param values see {@link #values()}
         */
        public EmbeddingVectors {
            values = values.clone();
            if (vectors < 1 || width < 1 || values.length != vectors * width) {
                throw new IllegalArgumentException("embedding " + name + ": " + values.length + " values for "
                        + vectors + " vectors of width " + width);
            }
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        /**
         * @param out destination
         * @param offset where vector 0 goes in {@code out}
         */
        void copyTo(float[] out, int offset) {
            System.arraycopy(values, 0, out, offset, values.length);
        }
    }
}
