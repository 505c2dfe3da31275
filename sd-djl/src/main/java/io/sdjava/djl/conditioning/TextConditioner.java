package io.sdjava.djl.conditioning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.djl.model.ClipTextModel;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.text.ChunkBatches;
import io.sdjava.djl.text.ChunkLayout;
import io.sdjava.djl.text.Emphasis;
import io.sdjava.djl.text.EmbeddingSlot;
import io.sdjava.djl.text.PromptChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns chunk layouts into conditioning as A1111's CLIP wrapper does for one batch of texts (the texts of one
 * prompt's schedule are encoded together): chunk index by chunk index (shorter texts get empty chunks), token
 * embeddings with textual-inversion vectors spliced in before the position embedding, the CLIP text model with
 * CLIP skip, the emphasis step over the whole batch, then each text's chunks concatenated along the token axis.
 * Thread-safe (the model is read-only).
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

    /**
     * @param texts the layouts of the texts encoded together (at least one)
     * @param clipSkip A1111's CLIP skip, 1 = last layer
     * @param emphasis the emphasis mode
     * @param target the manager of the results
     * @return one conditioning {@code [1, 77 * chunks, width]} per text, on {@code target}
     */
    public List<NDArray> encode(List<ChunkLayout> texts, int clipSkip, EmphasisMode emphasis, NDManager target) {
        return encodeTraced(texts, clipSkip, emphasis, target).conditioning();
    }

    /**
     * {@link #encode} that also returns the encoder output before the emphasis step (for golden tests).
     *
     * @param texts the layouts of the texts encoded together (at least one)
     * @param clipSkip A1111's CLIP skip
     * @param emphasis the emphasis mode
     * @param target the manager of the results
     * @return per text, the conditioning and the output before emphasis, on {@code target}
     */
    public Traced encodeTraced(List<ChunkLayout> texts, int clipSkip, EmphasisMode emphasis, NDManager target) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("nothing to encode");
        }
        try (NDManager scope = target.newSubManager()) {
            scope.setName(target.getName() + "/text");
            List<NDArray> after = new ArrayList<>();
            List<NDArray> before = new ArrayList<>();
            for (List<PromptChunk> batch : ChunkBatches.of(texts)) {
                NDArray z = encodeBatch(batch, clipSkip, scope);
                float[][] rows = new float[batch.size()][];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = batch.get(i).multipliersFloat32();
                }
                NDArray multipliers = scope.create(rows);
                before.add(z);
                after.add(Emphasis.apply(z, multipliers, emphasis));
            }
            Traced out = new Traced(perText(after, texts.size(), scope), perText(before, texts.size(), scope));
            out.conditioning().forEach(a -> a.attach(target));
            out.beforeEmphasis().forEach(a -> a.attach(target));
            return out;
        }
    }

    /** The chunk outputs {@code [B, 77, w]} by chunk index, regrouped per text as {@code [1, 77 * chunks, w]}. */
    private static List<NDArray> perText(List<NDArray> chunks, int texts, NDManager scope) {
        List<NDArray> out = new ArrayList<>(texts);
        for (int b = 0; b < texts; b++) {
            NDList parts = new NDList();
            for (NDArray chunk : chunks) {
                parts.add(chunk.get(scope, new NDIndex("{}:{}", b, b + 1)));
            }
            out.add(parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 1));
        }
        return out;
    }

    private NDArray encodeBatch(List<PromptChunk> batch, int clipSkip, NDManager scope) {
        int length = batch.get(0).tokens().length;
        long[] ids = new long[batch.size() * length];
        boolean slots = false;
        for (int b = 0; b < batch.size(); b++) {
            int[] tokens = batch.get(b).tokens();
            for (int i = 0; i < length; i++) {
                ids[b * length + i] = tokens[i];
            }
            slots |= !batch.get(b).slots().isEmpty();
        }
        NDArray embedded = clip.tokenEmbeddings(scope.create(ids, new Shape(batch.size(), length)));
        if (slots) {
            embedded = splice(embedded, batch, scope);
        }
        return clip.encodeEmbeddings(embedded, clipSkip);
    }

    /** Replaces the token embeddings at each slot by the embedding's vectors (A1111's EmbeddingsWithFixes). */
    private NDArray splice(NDArray embedded, List<PromptChunk> batch, NDManager scope) {
        Shape shape = embedded.getShape();
        int width = Math.toIntExact(shape.get(2));
        int length = Math.toIntExact(shape.get(1));
        float[] values = embedded.toFloatArray();
        for (int b = 0; b < batch.size(); b++) {
            for (EmbeddingSlot slot : batch.get(b).slots()) {
                EmbeddingLookup.EmbeddingVectors vectors = embeddings.find(slot.name()).orElseThrow(() ->
                        new InvalidRequestException("textual-inversion embedding '" + slot.name() + "' is not loaded"));
                if (vectors.width() != width || vectors.vectors() != slot.vectors()) {
                    throw new InvalidRequestException("embedding '" + slot.name() + "' has " + vectors.vectors()
                            + " vectors of width " + vectors.width() + "; the prompt layout expects " + slot.vectors()
                            + " of width " + width + " (an embedding made for another model?)");
                }
                vectors.copyTo(values, (b * length + slot.firstPosition()) * width);
            }
        }
        return scope.create(values, shape);
    }

    /**
     * Encoder results per text.
     *
     * @param conditioning the final conditioning of each text
     * @param beforeEmphasis the encoder output of each text before the emphasis step
     */
    public record Traced(List<NDArray> conditioning, List<NDArray> beforeEmphasis) {}
}
