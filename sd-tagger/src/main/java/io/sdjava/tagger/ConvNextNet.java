package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** The ConvNeXt forward pass (see {@link ConvNextSpec}), weights named as in timm. */
final class ConvNextNet implements TaggerNet {
    private final ConvNextSpec spec;
    private final Map<String, NDArray> w;

    ConvNextNet(ConvNextSpec spec, Map<String, NDArray> weights) {
        this.spec = spec;
        this.w = weights;
    }

    @Override
    public NDArray forward(NDArray input) {
        NDArray x = Layers.scoped(input.duplicate(), "convnext/stem", img -> channelNorm(
                Layers.conv2d(img, w.get("stem.0.weight"), w.get("stem.0.bias"), 4, 0, 1), "stem.1"));
        int[] depths = spec.depths();
        int[] dims = spec.dims();
        for (int s = 0; s < depths.length; s++) {
            String stage = "stages." + s + ".";
            if (s > 0) {
                x = Layers.scoped(x, "convnext/down-" + s, t -> Layers.conv2d(channelNorm(t, stage + "downsample.0"),
                        w.get(stage + "downsample.1.weight"), w.get(stage + "downsample.1.bias"), 2, 0, 1));
            }
            for (int b = 0; b < depths[s]; b++) {
                String p = stage + "blocks." + b + ".";
                int channels = dims[s];
                x = Layers.scoped(x, "convnext/" + p, t -> block(t, p, channels));
            }
        }
        return Layers.scoped(x, "convnext/head", t -> {
            NDArray pooled = t.reshape(1, t.getShape().get(1), -1).mean(new int[] {2});
            NDArray normed = Layers.layerNorm(pooled, w.get("head.norm.weight"), w.get("head.norm.bias"));
            return Layers.linear(normed, w.get("head.fc.weight"), w.get("head.fc.bias"));
        });
    }

    private NDArray block(NDArray x, String p, int channels) {
        NDArray y = Layers.conv2d(x, w.get(p + "conv_dw.weight"), w.get(p + "conv_dw.bias"), 1, 3, channels)
                .transpose(0, 2, 3, 1);
        y = Layers.layerNorm(y, w.get(p + "norm.weight"), w.get(p + "norm.bias"));
        y = Layers.gelu(Layers.linear(y, w.get(p + "mlp.fc1.weight"), w.get(p + "mlp.fc1.bias")), spec.geluTanh());
        y = Layers.linear(y, w.get(p + "mlp.fc2.weight"), w.get(p + "mlp.fc2.bias")).muli(w.get(p + "gamma"));
        return x.add(y.transpose(0, 3, 1, 2));
    }

    /** timm's LayerNorm2d: LayerNorm over channels of an NCHW tensor. */
    private NDArray channelNorm(NDArray x, String name) {
        return Layers.layerNorm(x.transpose(0, 2, 3, 1), w.get(name + ".weight"), w.get(name + ".bias"))
                .transpose(0, 3, 1, 2);
    }
}
