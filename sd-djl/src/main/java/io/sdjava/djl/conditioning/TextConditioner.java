package io.sdjava.djl.conditioning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.djl.model.ClipTextModel;
import java.util.List;
import java.util.Objects;

/**
 * Turns prompt chunks into conditioning as A1111's CLIP wrapper does: token embeddings with textual-inversion
 * vectors spliced in (before the position embedding), the CLIP text model per 77-token chunk with CLIP skip,
 * the emphasis step, then the chunks concatenated along the token axis. Thread-safe (the model is read-only).
 */
public final class TextConditioner {
    private final ClipTextModel clip;
    private final EmbeddingLookup embeddings;

    /**
     * @param clip the text encoder
     * @param embeddings where textual-inversion vectors come from
     */
    public TextConditioner(ClipTextModel clip, EmbeddingLookup embeddings) {
        this.clip = Objects.requireNonNull(clip, "clip");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    }

    /** @return the text encoder */
    public ClipTextModel clip() {
        return clip;
    }

    /** @return the textual-inversion lookup */
    public EmbeddingLookup embeddings() {
        return embeddings;
    }

    /**
     * @param chunks the prompt's chunks (at least one)
     * @param clipSkip A1111's CLIP skip, 1 = last layer
     * @param emphasis the emphasis mode
     * @param target the manager of the result
     * @return the conditioning {@code [1, 77 * chunks, width]} on {@code target}
     */
    public NDArray encode(List<TokenChunk> chunks, int clipSkip, Emphasis emphasis, NDManager target) {
        NDList both = encodeTraced(chunks, clipSkip, emphasis, target);
        both.get(1).close();
        return both.get(0);
    }

    /**
     * {@link #encode} that also returns the encoder output before the emphasis step (for golden tests).
     *
     * @param chunks the prompt's chunks (at least one)
     * @param clipSkip A1111's CLIP skip
     * @param emphasis the emphasis mode
     * @param target the manager of the results
     * @return {@code [conditioning, before emphasis]}, both {@code [1, 77 * chunks, width]}, on {@code target}
     */
    public NDList encodeTraced(List<TokenChunk> chunks, int clipSkip, Emphasis emphasis, NDManager target) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a prompt has at least one chunk");
        }
        try (NDManager scope = target.newSubManager()) {
            scope.setName(target.getName() + "/text");
            NDList after = new NDList();
            NDList before = new NDList();
            for (TokenChunk chunk : chunks) {
                NDArray z = encodeChunk(chunk, clipSkip, scope);
                before.add(z);
                after.add(applyEmphasis(z, chunk, emphasis, scope));
            }
            NDArray c = after.size() == 1 ? after.get(0).duplicate() : NDArrays.concat(after, 1);
            NDArray zBefore = before.size() == 1 ? before.get(0).duplicate() : NDArrays.concat(before, 1);
            NDList out = new NDList(c, zBefore);
            out.attach(target);
            return out;
        }
    }

    private NDArray encodeChunk(TokenChunk chunk, int clipSkip, NDManager scope) {
        int[] tokens = chunk.tokens();
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            ids[i] = tokens[i];
        }
        NDArray tokenIds = scope.create(ids, new Shape(1, ids.length));
        NDArray embedded = clip.tokenEmbeddings(tokenIds);
        if (!chunk.embeddings().isEmpty()) {
            embedded = splice(embedded, chunk, scope);
        }
        return clip.encodeEmbeddings(embedded, clipSkip);
    }

    /** Replaces the token embeddings at each slot by the embedding's vectors (A1111's EmbeddingsWithFixes). */
    private NDArray splice(NDArray embedded, TokenChunk chunk, NDManager scope) {
        int width = Math.toIntExact(embedded.getShape().get(2));
        float[] values = embedded.toFloatArray();
        for (TokenChunk.EmbeddingSlot slot : chunk.embeddings()) {
            EmbeddingLookup.EmbeddingVectors vectors = embeddings.find(slot.name()).orElseThrow(
                    () -> new InvalidRequestException("textual-inversion embedding '" + slot.name() + "' is not loaded"));
            if (vectors.width() != width || vectors.vectors() != slot.vectors()) {
                throw new InvalidRequestException("embedding '" + slot.name() + "' has " + vectors.vectors()
                        + " vectors of width " + vectors.width() + "; the prompt layout expects " + slot.vectors()
                        + " of width " + width + " (embedding made for another model?)");
            }
            vectors.copyTo(values, slot.firstPosition() * width);
        }
        return scope.create(values, embedded.getShape());
    }

    /** A1111's sd_emphasis: Original rescales to the chunk's previous mean, No norm only multiplies. */
    private static NDArray applyEmphasis(NDArray z, TokenChunk chunk, Emphasis emphasis, NDManager scope) {
        if (!emphasis.multiplies()) {
            return z;
        }
        NDArray multipliers = scope.create(chunk.multipliers(), new Shape(1, TokenChunk.LENGTH, 1));
        NDArray weighted = z.mul(multipliers);
        if (emphasis == Emphasis.NO_NORM) {
            return weighted;
        }
        NDArray originalMean = z.mean();
        NDArray newMean = weighted.mean();
        return weighted.mul(originalMean.div(newMean));
    }
}
