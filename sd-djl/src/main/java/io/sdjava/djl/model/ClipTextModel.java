package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.djl.checkpoint.TextEncoderConfig;
import io.sdjava.djl.checkpoint.WeightSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CLIP text transformer of SD 1.x (Hugging Face {@code CLIPTextModel} layout): token ids to hidden
 * states, with A1111's "Clip skip" (the hidden state {@code -N}, then the final layer norm). Weights are
 * read-only after loading; forward calls may run concurrently.
 */
public final class ClipTextModel {
    private final TextEncoderConfig config;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final List<ClipEncoderLayer> layers;
    private final LayerNorm finalLayerNorm;

    private ClipTextModel(TextEncoderConfig c, WeightSource w) {
        this.config = c;
        int d = c.hiddenSize();
        tokenEmbedding = w.tensor("embeddings.token_embedding.weight", c.vocabSize(), d);
        positionEmbedding = w.tensor("embeddings.position_embedding.weight", c.maxPositions(), d);
        List<ClipEncoderLayer> list = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            list.add(ClipEncoderLayer.load(w.at("encoder.layers." + i + "."), c));
        }
        layers = List.copyOf(list);
        finalLayerNorm = LayerNorm.load(w, "final_layer_norm", d, c.layerNormEps());
    }

    /**
     * Builds the text encoder from weights under {@code cond_stage_model.transformer.text_model.}.
     *
     * @param weights a source positioned at the text model prefix
     * @param config the architecture
     * @return the model
     */
    public static ClipTextModel load(WeightSource weights, TextEncoderConfig config) {
        return new ClipTextModel(config, weights);
    }

    /** @return the architecture */
    public TextEncoderConfig config() {
        return config;
    }

    /**
     * Encodes token ids with CLIP skip.
     *
     * @param inputIds INT64/INT32 {@code [B, T]}, T at most the position count (77)
     * @param clipSkip 1 for the last layer, N for the hidden state -N (1..layers)
     * @return {@code final_layer_norm(hidden_states[-clipSkip])}, {@code [B, T, width]}, on {@code inputIds}' manager
     * @throws InvalidRequestException if clipSkip is out of range
     */
    public NDArray encode(NDArray inputIds, int clipSkip) {
        checkClipSkip(clipSkip);
        return ForwardScope.run(inputIds.getManager(), () -> run(tokenEmbeddings(inputIds), clipSkip), inputIds);
    }

    /**
     * Looks up the token embeddings (before position embeddings), so that textual-inversion vectors can be
     * spliced in before {@link #encodeEmbeddings}.
     *
     * @param inputIds INT64/INT32 {@code [B, T]}
     * @return {@code [B, T, width]} on {@code inputIds}' manager
     */
    public NDArray tokenEmbeddings(NDArray inputIds) {
        long seq = inputIds.getShape().get(1);
        checkLength(seq);
        return ForwardScope.run(inputIds.getManager(), () -> {
            NDArray ids = inputIds.toType(DataType.INT64, false).flatten();
            return tokenEmbedding.get(inputIds.getManager(), new NDIndex("{}", ids))
                    .reshape(inputIds.getShape().get(0), seq, config.hiddenSize());
        }, inputIds);
    }

    /**
     * Encodes token embeddings (from {@link #tokenEmbeddings}, possibly edited) with CLIP skip.
     *
     * @param tokenEmbeddings {@code [B, T, width]}
     * @param clipSkip 1 for the last layer, N for the hidden state -N (1..layers)
     * @return {@code final_layer_norm(hidden_states[-clipSkip])} on {@code tokenEmbeddings}' manager
     * @throws InvalidRequestException if clipSkip is out of range
     */
    public NDArray encodeEmbeddings(NDArray tokenEmbeddings, int clipSkip) {
        checkClipSkip(clipSkip);
        checkLength(tokenEmbeddings.getShape().get(1));
        return ForwardScope.run(tokenEmbeddings.getManager(), () -> run(tokenEmbeddings, clipSkip), tokenEmbeddings);
    }

    private NDArray run(NDArray tokens, int clipSkip) {
        NDArray h = addPositions(tokens);
        NDArray mask = causalMask(tokens.getManager(), h.getShape().get(1));
        int keep = layers.size() - (clipSkip - 1);
        for (int i = 0; i < keep; i++) {
            h = layers.get(i).forward(h, mask);
        }
        return finalLayerNorm.forward(h);
    }

    private void checkClipSkip(int clipSkip) {
        if (clipSkip < 1 || clipSkip > layers.size()) {
            throw new InvalidRequestException("clipSkip " + clipSkip + " is out of range (allowed 1.." + layers.size()
                    + ")");
        }
    }

    private void checkLength(long seq) {
        if (seq > config.maxPositions()) {
            throw new InvalidRequestException("token sequence of " + seq + " is longer than the text encoder's "
                    + config.maxPositions() + " positions");
        }
    }

    /**
     * Computes every hidden state: the embedding output, then each layer's output (before the final norm).
     *
     * @param inputIds {@code [B, T]}
     * @return {@code layers + 1} arrays of {@code [B, T, width]} on {@code inputIds}' manager
     */
    public NDList hiddenStates(NDArray inputIds) {
        NDManager target = inputIds.getManager();
        NDList out = new NDList();
        try (NDManager scope = target.newSubManager()) {
            inputIds.tempAttach(scope);
            NDArray h = addPositions(tokenEmbeddings(inputIds));
            NDArray mask = causalMask(scope, h.getShape().get(1));
            out.add(h);
            for (ClipEncoderLayer layer : layers) {
                h = layer.forward(h, mask);
                out.add(h);
            }
            out.attach(target);
        }
        return out;
    }

    /**
     * Applies the final layer norm (for a hidden state picked from {@link #hiddenStates}).
     *
     * @param hidden {@code [B, T, width]}
     * @return the normed state on {@code hidden}'s manager
     */
    public NDArray finalLayerNorm(NDArray hidden) {
        return finalLayerNorm.forward(hidden);
    }

    private NDArray addPositions(NDArray tokens) {
        long seq = tokens.getShape().get(1);
        NDArray positions = positionEmbedding.get(tokens.getManager(), new NDIndex(":{}", seq));
        return tokens.add(positions);
    }

    private static NDArray causalMask(NDManager m, long n) {
        float[] mask = new float[Math.toIntExact(n * n)];
        for (int i = 0; i < n; i++) {
            Arrays.fill(mask, Math.toIntExact(i * n + i + 1), Math.toIntExact((i + 1) * n), -Float.MAX_VALUE);
        }
        return m.create(mask, new Shape(n, n));
    }

    /** One pre-norm CLIP encoder layer: self-attention and an MLP, each residual. */
    record ClipEncoderLayer(LayerNorm norm1, Linear q, Linear k, Linear v, Linear out, LayerNorm norm2, Linear fc1,
            Linear fc2, int heads, boolean quickGelu) {
        static ClipEncoderLayer load(WeightSource w, TextEncoderConfig c) {
            int d = c.hiddenSize();
            return new ClipEncoderLayer(LayerNorm.load(w, "layer_norm1", d, c.layerNormEps()),
                    Linear.load(w, "self_attn.q_proj", d, d, true), Linear.load(w, "self_attn.k_proj", d, d, true),
                    Linear.load(w, "self_attn.v_proj", d, d, true), Linear.load(w, "self_attn.out_proj", d, d, true),
                    LayerNorm.load(w, "layer_norm2", d, c.layerNormEps()),
                    Linear.load(w, "mlp.fc1", d, c.intermediateSize(), true),
                    Linear.load(w, "mlp.fc2", c.intermediateSize(), d, true), c.numHeads(),
                    !"gelu".equals(c.hiddenAct()));
        }

        NDArray forward(NDArray x, NDArray mask) {
            return ForwardScope.run(x.getManager(), () -> {
                long b = x.getShape().get(0);
                long n = x.getShape().get(1);
                long d = x.getShape().get(2);
                long hd = d / heads;
                NDArray h = norm1.forward(x);
                NDArray qs = split(q.forward(h).mul((float) Math.pow(hd, -0.5)), b, n, hd);
                NDArray ks = split(k.forward(h), b, n, hd);
                NDArray vs = split(v.forward(h), b, n, hd);
                NDArray attn = AttentionKernel.attend(qs, ks, vs, 1f, mask);
                attn = attn.reshape(b, heads, n, hd).transpose(0, 2, 1, 3).reshape(b, n, d);
                NDArray r = out.forward(attn).add(x);
                NDArray f = fc1.forward(norm2.forward(r));
                f = quickGelu ? Activations.quickGelu(f) : Activations.gelu(f);
                return fc2.forward(f).add(r);
            }, x, mask);
        }

        private NDArray split(NDArray t, long b, long n, long hd) {
            return t.reshape(b, n, heads, hd).transpose(0, 2, 1, 3).reshape(b * heads, n, hd);
        }
    }
}
