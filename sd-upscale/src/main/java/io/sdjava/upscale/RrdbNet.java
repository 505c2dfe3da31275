package io.sdjava.upscale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import io.sdjava.UnsupportedModelException;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RRDBNet (ESRGAN / Real-ESRGAN) over DJL NDArrays: {@code conv_first} → RRDB body → {@code conv_body} (+ skip)
 * → nearest x2 upsample + conv + LeakyReLU per upsample stage → {@code conv_hr} + LeakyReLU → {@code conv_last}.
 * x2/x1 models pixel-unshuffle their input first. The output is the raw network output (no clamp).
 *
 * <p>Weights live on a child manager owned by this object. {@link #forward} computes on a scratch sub-manager
 * of its input's manager (activations first), frees the body's intermediates per RRDB block and leaves only the
 * output, attached to the input's manager. Thread-safe:
 * concurrent forwards on separate managers are fine, the weights are read-only.
 */
final class RrdbNet implements AutoCloseable {
    private static final float SLOPE = 0.2f;
    private static final float RESIDUAL = 0.2f;
    private static final Shape ONE = new Shape(1, 1);

    private final RrdbArchitecture arch;
    private final NDManager weightsManager;
    private final Map<String, NDArray> weights;

    private RrdbNet(RrdbArchitecture arch, NDManager weightsManager, Map<String, NDArray> weights) {
        this.arch = arch;
        this.weightsManager = weightsManager;
        this.weights = weights;
    }

    /**
     * Loads the weights of any recognised ESRGAN layout, widened to float32.
     *
     * @param stateDict the weights file
     * @param parent the manager under which a weights sub-manager is created
     * @return the network; close it to free the weights
     */
    static RrdbNet load(StateDict stateDict, NDManager parent) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String key : stateDict.keys()) {
            shapes.put(key, stateDict.info(key).shape());
        }
        EsrganKeyLayout layout = EsrganKeyLayout.detect(shapes);
        RrdbArchitecture arch = layout.architecture();
        NDManager manager = parent.newSubManager();
        manager.setName("esrgan-weights");
        try {
            Map<String, NDArray> weights = new LinkedHashMap<>();
            for (String name : canonicalNames(arch)) {
                String source = layout.sourceKey(name);
                TensorInfo info = stateDict.info(source);
                checkShape(name, info, arch);
                NDArray array = stateDict.toNDArray(source, manager);
                if (array.getDataType() != DataType.FLOAT32) {
                    NDArray widened = array.toType(DataType.FLOAT32, false);
                    array.close();
                    array = widened;
                }
                weights.put(name, array);
            }
            return new RrdbNet(arch, manager, Map.copyOf(weights));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the detected architecture */
    RrdbArchitecture architecture() {
        return arch;
    }

    /**
     * Runs the network.
     *
     * @param x {@code [N, numInCh, H, W]} float32, H and W divisible by the unshuffle factor
     * @return {@code [N, numOutCh, H*scale, W*scale]} on x's manager
     */
    NDArray forward(NDArray x) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            scope.setName("rrdb-forward");
            x.tempAttach(scope);
            NDArray out = forwardInScope(x);
            out.attach(caller);
            return out;
        }
    }

    /** Everything allocated here lands on x's (scratch) manager; large intermediates are closed early. */
    private NDArray forwardInScope(NDArray x) {
        NDArray in = arch.unshuffle() > 1 ? pixelUnshuffle(x, arch.unshuffle()) : x;
        NDArray feat = conv(in, "conv_first");
        NDArray body = feat;
        for (int b = 0; b < arch.numBlock(); b++) {
            NDArray next;
            try (NDManager blockScope = x.getManager().newSubManager()) {
                body.tempAttach(blockScope);
                next = rrdb(body, "body." + b);
                next.attach(x.getManager());
            }
            if (body != feat) {
                body.close();
            }
            body = next;
        }
        NDArray trunk = conv(body, "conv_body");
        if (body != feat) {
            body.close();
        }
        feat.addi(trunk);
        trunk.close();
        for (int i = 1; i <= arch.numUpsamples(); i++) {
            NDArray rows = feat.repeat(2, 2);
            feat.close();
            NDArray up = rows.repeat(3, 2);
            rows.close();
            NDArray c = conv(up, "conv_up" + i);
            up.close();
            feat = Activation.leakyRelu(c, SLOPE);
            c.close();
        }
        NDArray hr = conv(feat, "conv_hr");
        feat.close();
        NDArray act = Activation.leakyRelu(hr, SLOPE);
        hr.close();
        return conv(act, "conv_last");
    }

    private NDArray rrdb(NDArray x, String prefix) {
        NDArray out = x;
        for (int r = 1; r <= 3; r++) {
            out = denseBlock(out, prefix + ".rdb" + r);
        }
        return out.mul(RESIDUAL).addi(x);
    }

    private NDArray denseBlock(NDArray x, String prefix) {
        List<NDArray> features = new ArrayList<>(List.of(x));
        for (int k = 1; k <= 4; k++) {
            NDArray cat = NDArrays.concat(new NDList(features), 1);
            features.add(Activation.leakyRelu(conv(cat, prefix + ".conv" + k), SLOPE));
        }
        NDArray x5 = conv(NDArrays.concat(new NDList(features), 1), prefix + ".conv5");
        return x5.muli(RESIDUAL).addi(x);
    }

    private NDArray conv(NDArray x, String name) {
        return Conv2d.conv2d(x, weights.get(name + ".weight"), weights.get(name + ".bias"), ONE, ONE, ONE, 1)
                .singletonOrThrow();
    }

    /** {@code torch.pixel_unshuffle}: {@code out[c*r*r + i*r + j, y, x] = in[c, y*r + i, x*r + j]}. */
    static NDArray pixelUnshuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(n, c, h / r, r, w / r, r).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * r * r, h / r, w / r);
    }

    static List<String> canonicalNames(RrdbArchitecture arch) {
        List<String> convs = new ArrayList<>();
        convs.add("conv_first");
        for (int b = 0; b < arch.numBlock(); b++) {
            for (int r = 1; r <= 3; r++) {
                for (int k = 1; k <= 5; k++) {
                    convs.add("body." + b + ".rdb" + r + ".conv" + k);
                }
            }
        }
        convs.add("conv_body");
        for (int i = 1; i <= arch.numUpsamples(); i++) {
            convs.add("conv_up" + i);
        }
        convs.add("conv_hr");
        convs.add("conv_last");
        List<String> names = new ArrayList<>();
        for (String conv : convs) {
            names.add(conv + ".weight");
            names.add(conv + ".bias");
        }
        return names;
    }

    /** Checks a tensor's shape against the architecture, so a malformed file fails with a clear message. */
    private static void checkShape(String name, TensorInfo info, RrdbArchitecture arch) {
        long[] expected = ExpectedShapes.of(name, arch);
        if (!Arrays.equals(expected, info.shape())) {
            throw new UnsupportedModelException("ESRGAN tensor " + info.name() + " (" + name + ") has shape "
                    + Arrays.toString(info.shape()) + ", expected " + Arrays.toString(expected)
                    + " for " + arch);
        }
    }

    @Override
    public void close() {
        weightsManager.close();
    }
}
