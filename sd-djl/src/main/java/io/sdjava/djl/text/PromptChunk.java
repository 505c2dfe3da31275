package io.sdjava.djl.text;

import java.util.Arrays;
import java.util.List;

/**
 * One 77-token CLIP input: BOS, 75 tokens (padded with EOS), EOS; the attention multiplier of every position; and the
 * textual-inversion slots. Immutable (the arrays are copied on the way in and out).
 *
 * @param tokens 77 token ids
 * @param multipliers 77 attention multipliers
 * @param slots the embedding slots
 */
public record PromptChunk(int[] tokens, double[] multipliers, List<EmbeddingSlot> slots) {
    /** Copies the arrays and the list. */
    public PromptChunk {
        tokens = tokens.clone();
        multipliers = multipliers.clone();
        slots = List.copyOf(slots);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public double[] multipliers() {
        return multipliers.clone();
    }

    /** @return the multipliers rounded to float32, as A1111 applies them to the CLIP output */
    public float[] multipliersFloat32() {
        float[] out = new float[multipliers.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) multipliers[i];
        }
        return out;
    }

    /** @return the chunk of an empty text: BOS, 76 times EOS, all multipliers 1.0, no slots */
    public static PromptChunk empty() {
        int[] ids = new int[PromptChunker.CHUNK_LENGTH + 2];
        double[] mults = new double[ids.length];
        Arrays.fill(ids, ClipTokenizer.EOS);
        Arrays.fill(mults, 1.0);
        ids[0] = ClipTokenizer.BOS;
        return new PromptChunk(ids, mults, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptChunk c && Arrays.equals(tokens, c.tokens)
                && Arrays.equals(multipliers, c.multipliers) && slots.equals(c.slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + Arrays.hashCode(multipliers);
    }

    @Override
    public String toString() {
        return "PromptChunk" + Arrays.toString(tokens) + " slots " + slots;
    }
}
