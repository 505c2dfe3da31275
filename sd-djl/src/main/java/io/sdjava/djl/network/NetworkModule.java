package io.sdjava.djl.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.io.StateDict;
import java.util.Map;

/**
 * One layer of a LoRA-family network: the weights a file holds for one model layer and the A1111 math that turns
 * them into a weight delta. Immutable; the tensors are read from the (open) file when the delta is computed.
 */
abstract class NetworkModule {
    private final NetworkKeyMapper.Target target;
    private final StateDict file;
    private final Map<String, String> keyByPart;
    private final Double alpha;
    private final Double scale;

    NetworkModule(NetworkKeyMapper.Target target, StateDict file, Map<String, String> keyByPart) {
        this.target = target;
        this.file = file;
        this.keyByPart = Map.copyOf(keyByPart);
        this.alpha = scalar("alpha");
        this.scale = scalar("scale");
    }

    /** @return the model layer this module changes */
    final NetworkKeyMapper.Target target() {
        return target;
    }

    /** @return A1111's {@code dim} of this module type (the rank), or {@code null} where undefined */
    abstract Long dim();

    /**
     * The product of the module's factors times {@code factor}, in the module's own output shape. Implementations
     * fold the factor into their smallest tensor, so no full-size multiply is needed.
     *
     * @param m the scratch manager every intermediate lands on
     * @param factor scale times multiplier
     * @return the scaled update
     */
    abstract NDArray updown(NDManager m, double factor);

    /** @return A1111's {@code calc_scale}: the file's {@code scale}, else {@code alpha / dim}, else 1 */
    final double calcScale() {
        if (scale != null) {
            return scale;
        }
        Long dim = dim();
        if (dim != null && alpha != null) {
            return alpha / dim;
        }
        return 1.0;
    }

    /**
     * A1111's {@code finalize_updown}: the update reshaped to the weight's shape when the sizes agree, times the scale.
     *
     * @param m the scratch manager
     * @param weightShape the shape of the target weight
     * @return {@code scale * delta}, shaped like the weight, on {@code m}
     */
    final NDArray scaledDelta(NDManager m, Shape weightShape) {
        return delta(m, weightShape, 1.0);
    }

    /**
     * The update A1111 adds for this layer: {@code multiplier * scale * delta}, shaped like the weight.
     *
     * @param m the scratch manager
     * @param weightShape the shape of the target weight (checkpoint layout)
     * @param multiplier the text-encoder or UNet multiplier
     * @return the update on {@code m}
     */
    final NDArray delta(NDManager m, Shape weightShape, double multiplier) {
        NDArray updown = updown(m, calcScale() * multiplier);
        if (updown.getShape().size() != weightShape.size()) {
            throw new IllegalArgumentException("network layer " + target.layerName() + " produces an update of shape "
                    + updown.getShape() + " that does not fit the weight " + weightShape);
        }
        return updown.reshape(weightShape);
    }

    final boolean has(String part) {
        return keyByPart.containsKey(part);
    }

    final long[] shape(String part) {
        return file.info(keyByPart.get(part)).shape();
    }

    final NDArray read(String part, NDManager m) {
        return file.toNDArray(keyByPart.get(part), m).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    private Double scalar(String part) {
        String key = keyByPart.get(part);
        if (key == null) {
            return null;
        }
        float[] v = file.toFloatArray(key);
        if (v.length != 1) {
            throw new IllegalArgumentException("network key " + key + " should hold one value, holds " + v.length);
        }
        return (double) v[0];
    }

    /** {@code up.reshape(out, -1) @ down.reshape(r, -1)}, reshaped to {@code shape} (A1111's rebuild_conventional). */
    static NDArray rebuildConventional(NDArray up, NDArray down, Shape shape) {
        NDArray u = up.reshape(up.getShape().get(0), -1);
        NDArray d = down.reshape(down.getShape().get(0), -1);
        return u.matMul(d).reshape(shape);
    }

    /**
     * A1111's {@code make_weight_cp}: {@code einsum('ijkl,jr->irkl', t, wb)} then {@code einsum('ijkl,ir->rjkl', ., wa)}.
     */
    static NDArray makeWeightCp(NDArray t, NDArray wa, NDArray wb) {
        Shape ts = t.getShape();
        long i = ts.get(0);
        long j = ts.get(1);
        long k = ts.get(2);
        long l = ts.get(3);
        long r1 = wb.getShape().get(1);
        NDArray temp = t.transpose(0, 2, 3, 1).reshape(i * k * l, j).matMul(wb) // [i*k*l, r1]
                .reshape(i, k, l, r1).transpose(0, 3, 1, 2); // [i, r1, k, l]
        long r2 = wa.getShape().get(1);
        return wa.transpose().matMul(temp.reshape(i, r1 * k * l)).reshape(r2, r1, k, l);
    }
}
