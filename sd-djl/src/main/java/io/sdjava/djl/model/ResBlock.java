package io.sdjava.djl.model;

import ai.djl.ndarray.NDArray;
import io.sdjava.djl.checkpoint.WeightSource;

/**
 * A residual block: norm, SiLU, 3x3 conv, (+ projected timestep embedding), norm, SiLU, 3x3 conv, plus a
 * skip (1x1 conv when the width changes). The UNet's ResBlock and the VAE's ResnetBlock share this shape and
 * differ in key names, the embedding and the norm epsilon.
 *
 * @param norm1 first norm
 * @param conv1 first conv
 * @param embProjection SiLU + Linear of the timestep embedding, or null (VAE)
 * @param norm2 second norm
 * @param conv2 second conv
 * @param skip 1x1 conv on the skip path, or null for identity
 */
record ResBlock(GroupNorm norm1, Conv2d conv1, Linear embProjection, GroupNorm norm2, Conv2d conv2, Conv2d skip) {
    /** Loads an ldm openaimodel ResBlock ({@code in_layers}, {@code emb_layers}, {@code out_layers}). */
    static ResBlock loadUNet(WeightSource w, long in, long out, long embDim) {
        return new ResBlock(GroupNorm.load(w, "in_layers.0", in, 1e-5f),
                Conv2d.load(w, "in_layers.2", in, out, 3, 1, 1),
                Linear.load(w, "emb_layers.1", embDim, out, true), GroupNorm.load(w, "out_layers.0", out, 1e-5f),
                Conv2d.load(w, "out_layers.3", out, out, 3, 1, 1),
                in == out ? null : Conv2d.load(w, "skip_connection", in, out, 1, 1, 0));
    }

    /** Loads an ldm autoencoder ResnetBlock ({@code norm1}, {@code conv1}, ..., {@code nin_shortcut}). */
    static ResBlock loadVae(WeightSource w, long in, long out) {
        return new ResBlock(GroupNorm.load(w, "norm1", in, 1e-6f), Conv2d.load(w, "conv1", in, out, 3, 1, 1), null,
                GroupNorm.load(w, "norm2", out, 1e-6f), Conv2d.load(w, "conv2", out, out, 3, 1, 1),
                in == out ? null : Conv2d.load(w, "nin_shortcut", in, out, 1, 1, 0));
    }

    /**
     * @param x {@code [B, C, H, W]}
     * @param emb the timestep embedding {@code [B, E]}, or null without one
     * @return {@code [B, out, H, W]}, on {@code x}'s manager
     */
    NDArray forward(NDArray x, NDArray emb) {
        return forward(x, emb, false);
    }

    NDArray forward(NDArray x, NDArray emb, boolean tiling) {
        return ForwardScope.run(x.getManager(), () -> {
            NDArray h = normActConv(norm1, conv1, x, tiling);
            if (embProjection != null) {
                NDArray e = embProjection.forward(Activations.silu(emb));
                h.addi(e.expandDims(2).expandDims(3));
            }
            try (NDArray first = h) {
                h = normActConv(norm2, conv2, first, tiling);
            }
            return (skip == null ? x : skip.forward(x)).add(h);
        }, x, emb);
    }

    /** {@code conv(silu(norm(x)))}, freeing the full-size temporaries as soon as the next op has run. */
    private static NDArray normActConv(GroupNorm norm, Conv2d conv, NDArray x, boolean tiling) {
        try (NDArray normed = norm.forward(x); NDArray act = Activations.silu(normed)) {
            return conv.forward(act, tiling);
        }
    }
}
