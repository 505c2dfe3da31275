package io.sdjava.djl.conditioning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.sdjava.djl.model.UNetModel;
import io.sdjava.spi.TimestepDenoiser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A1111's {@code CFGDenoiser} around the UNet with k-diffusion's CompVis eps parameterization: the batch
 * {@code [x repeated per AND part; x]} runs with context {@code [cond; uncond]} in one UNet call when both have
 * the same token count, else cond and uncond run separately (A1111 with {@code pad_cond_uncond} off); then
 * {@code denoised = uncond + sum_parts (cond_part - uncond) * (weight * cfgScale)}. Prompt editing picks the
 * conditioning of the current denoiser call, counted as A1111 counts it (one per call).
 *
 * <p>Also a {@link TimestepDenoiser} for DDIM, PLMS and UniPC (guided eps at a timestep). One instance serves one
 * generation on one thread; the arrays it caches (assembled contexts) live on the generation's manager.
 */
public final class CfgDenoiser implements TimestepDenoiser {
    private final UNetModel unet;
    private final DiscreteSigmas sigmas;
    private final Conditioning conditioning;
    private final int batchSize;
    private final double cfgScale;
    private final boolean quantize;
    private final boolean tiling;
    private final NDManager cache;
    private final Map<List<Integer>, Contexts> contexts = new HashMap<>();
    private int step;

    /**
     * @param unet the UNet
     * @param sigmas the model's sigma table
     * @param conditioning the prompts' conditioning
     * @param batchSize images in the latent batch
     * @param cfgScale the CFG scale
     * @param quantize A1111 {@code enable_quantization}: timesteps rounded to the nearest trained one
     * @param tiling seamless tiling (circular padding in the UNet's convolutions)
     * @param cache the generation's manager, owning the assembled contexts
     */
    public CfgDenoiser(UNetModel unet, DiscreteSigmas sigmas, Conditioning conditioning, int batchSize,
            double cfgScale, boolean quantize, boolean tiling, NDManager cache) {
        this.unet = Objects.requireNonNull(unet, "unet");
        this.sigmas = Objects.requireNonNull(sigmas, "sigmas");
        this.conditioning = Objects.requireNonNull(conditioning, "conditioning");
        this.batchSize = batchSize;
        this.cfgScale = cfgScale;
        this.quantize = quantize;
        this.tiling = tiling;
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** @return how many times the denoiser was called (A1111's {@code CFGDenoiser.step}) */
    public int calls() {
        return step;
    }

    @Override
    public NDArray denoise(NDArray x, double sigma) {
        float s = (float) sigma;
        float cIn = 1f / (float) Math.sqrt(s * s + 1f);
        double t = quantize ? sigmas.sigmaToNearestT(sigma) : sigmas.sigmaToT(sigma);
        NDArray[] out = guided(x, (xPart, context) -> {
            try (NDArray scaled = xPart.mul(cIn); NDArray eps = unet.forward(scaled, times(xPart, t), context, tiling);
                    NDArray scaledEps = eps.mul(-s)) {
                return xPart.add(scaledEps);
            }
        }, 1.0);
        out[1].close();
        return out[0];
    }

    @Override
    public EpsPrediction eps(NDArray x, double timestep, double cfgScaleMultiplier) {
        NDArray[] out = guided(x, (xPart, context) -> unet.forward(xPart, times(xPart, timestep), context, tiling),
                cfgScaleMultiplier);
        return new EpsPrediction(out[0], out[1]);
    }

    @Override
    public double[] alphasCumprod() {
        return sigmas.alphasCumprod();
    }

    private static double[] times(NDArray x, double t) {
        double[] out = new double[Math.toIntExact(x.getShape().get(0))];
        java.util.Arrays.fill(out, t);
        return out;
    }

    /** The network (with its parameterization) on a sub-batch and its context. */
    @FunctionalInterface
    private interface ModelCall {
        NDArray apply(NDArray x, NDArray context);
    }

    /** @return {@code [guided, uncond output]} on {@code x}'s manager */
    private NDArray[] guided(NDArray x, ModelCall model, double scaleMultiplier) {
        Contexts ctx = contextsAt(step++);
        int parts = conditioning.parts().size();
        int condRows = parts * batchSize;
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray xCond = parts == 1 ? x : repeatPerPart(x, parts, scope);
            NDArray condOut;
            NDArray uncondOut;
            if (ctx.both() != null) {
                NDArray xIn = xCond.concat(x, 0);
                xIn.attach(scope);
                NDArray out = model.apply(xIn, ctx.both());
                condOut = out.get(new NDIndex("0:{}", condRows));
                uncondOut = out.get(new NDIndex("{}:", condRows));
            } else {
                condOut = condInChunks(xCond, ctx.cond(), model);
                uncondOut = model.apply(x, ctx.uncond());
            }
            condOut.attach(scope);
            uncondOut.attach(scope);
            NDArray denoised = uncondOut;
            for (int j = 0; j < parts; j++) {
                NDArray c = parts == 1 ? condOut : condOut.get(new NDIndex("{}::{}", j, parts));
                double weight = conditioning.parts().get(j).weight() * cfgScale * scaleMultiplier;
                denoised = denoised.add(c.sub(uncondOut).mul(weight));
            }
            NDArray guided = denoised == uncondOut ? denoised.duplicate() : denoised;
            NDArray uncond = uncondOut.duplicate();
            guided.attach(x.getManager());
            uncond.attach(x.getManager());
            return new NDArray[] {guided, uncond};
        }
    }

    /** A1111's split path: cond rows in chunks of twice the batch size. */
    private NDArray condInChunks(NDArray xCond, NDArray cond, ModelCall model) {
        long rows = xCond.getShape().get(0);
        long chunk = 2L * batchSize;
        if (rows <= chunk) {
            return model.apply(xCond, cond);
        }
        NDList pieces = new NDList();
        for (long a = 0; a < rows; a += chunk) {
            long b = Math.min(a + chunk, rows);
            NDIndex range = new NDIndex("{}:{}", a, b);
            try (NDArray xs = xCond.get(range); NDArray cs = cond.get(xs.getManager(), range)) {
                pieces.add(model.apply(xs, cs));
            }
        }
        NDArray out = NDArrays.concat(pieces, 0);
        pieces.close();
        return out;
    }

    /** {@code [x_0 repeated parts times, x_1 ..., ]} as A1111's {@code x_in} (on x's manager). */
    private static NDArray repeatPerPart(NDArray x, int parts, NDManager scope) {
        NDList rows = new NDList();
        for (long i = 0; i < x.getShape().get(0); i++) {
            NDArray row = x.get(scope, new NDIndex("{}:{}", i, i + 1));
            for (int j = 0; j < parts; j++) {
                rows.add(row);
            }
        }
        return NDArrays.concat(rows, 0);
    }

    private Contexts contextsAt(int call) {
        List<Integer> key = new ArrayList<>();
        for (Conditioning.Part part : conditioning.parts()) {
            key.add(part.schedule().indexAt(call));
        }
        key.add(conditioning.uncond().indexAt(call));
        return contexts.computeIfAbsent(List.copyOf(key), this::assemble);
    }

    /** Builds {@code [cond rows; uncond rows]} for one combination of schedule entries, on the cache manager. */
    private Contexts assemble(List<Integer> key) {
        List<NDArray> partConds = new ArrayList<>();
        long tokens = 0;
        for (int j = 0; j < conditioning.parts().size(); j++) {
            NDArray c = conditioning.parts().get(j).schedule().entries().get(key.get(j)).cond();
            partConds.add(c);
            tokens = Math.max(tokens, c.getShape().get(1));
        }
        NDList rows = new NDList();
        for (int i = 0; i < batchSize; i++) {
            for (NDArray c : partConds) {
                rows.add(padTokens(c, tokens));
            }
        }
        NDArray cond = concatOnCache(rows, 0);
        NDArray u = conditioning.uncond().entries().get(key.get(key.size() - 1)).cond();
        NDList uncondRows = new NDList();
        for (int i = 0; i < batchSize; i++) {
            uncondRows.add(u);
        }
        NDArray uncond = concatOnCache(uncondRows, 0);
        NDArray both = tokens == u.getShape().get(1) ? concatOnCache(new NDList(cond, uncond), 0) : null;
        return new Contexts(cond, uncond, both);
    }

    /** A1111 pads shorter AND parts by repeating their last token vector. */
    private NDArray padTokens(NDArray c, long tokens) {
        long have = c.getShape().get(1);
        if (have == tokens) {
            return c;
        }
        NDList pieces = new NDList(c);
        NDArray last = c.get(cache, new NDIndex(":, {}:{}, :", have - 1, have));
        for (long k = have; k < tokens; k++) {
            pieces.add(last);
        }
        return concatOnCache(pieces, 1);
    }

    private NDArray concatOnCache(NDList arrays, int axis) {
        NDArray out = arrays.size() == 1 ? arrays.get(0).duplicate() : NDArrays.concat(arrays, axis);
        out.attach(cache);
        return out;
    }

    private record Contexts(NDArray cond, NDArray uncond, NDArray both) {}
}
