package io.sdjava.io;

import io.sdjava.io.PickleValues.ClassRef;
import io.sdjava.io.PickleValues.NumpyArray;
import io.sdjava.io.PickleValues.NumpyScalar;
import io.sdjava.io.PickleValues.StorageRef;
import io.sdjava.io.PickleValues.TensorRef;
import io.sdjava.io.PickleValues.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interprets the few allow-listed callables of PyTorch checkpoints as data constructors (OrderedDict, tensor
 * rebuilding, numpy scalars and arrays, {@code _codecs.encode}, {@code set}). Anything else is refused: a class
 * reference may be stored, never called.
 */
final class PickleCalls {
    /** A1111's allow-list ({@code modules/safe.py}), as {@code module/name}. */
    static final Set<String> A1111_ALLOWED = Set.of(
            "collections/OrderedDict",
            "torch._utils/_rebuild_tensor_v2", "torch._utils/_rebuild_parameter",
            "torch._utils/_rebuild_device_tensor_from_numpy",
            "torch/FloatStorage", "torch/HalfStorage", "torch/IntStorage", "torch/LongStorage", "torch/DoubleStorage",
            "torch/ByteStorage", "torch/float32", "torch/BFloat16Storage",
            "torch.nn.modules.container/ParameterDict",
            "numpy.core.multiarray/scalar", "numpy.core.multiarray/_reconstruct", "numpy/dtype", "numpy/ndarray",
            "_codecs/encode",
            "pytorch_lightning.callbacks/model_checkpoint",
            "pytorch_lightning.callbacks.model_checkpoint/ModelCheckpoint",
            "__builtin__/set");

    /** The smaller list spandrel additionally applies to upscaler {@code .pth} files. */
    static final Set<String> SPANDREL_ALLOWED = Set.of(
            "collections/OrderedDict", "typing/OrderedDict", "torch._utils/_rebuild_tensor_v2",
            "torch/FloatStorage", "torch/HalfStorage", "torch/BFloat16Storage", "torch/IntStorage",
            "torch/LongStorage", "torch/DoubleStorage");

    private static final Map<String, TensorDType> STORAGE_TYPES = Map.of(
            "FloatStorage", TensorDType.F32, "HalfStorage", TensorDType.F16, "BFloat16Storage", TensorDType.BF16,
            "DoubleStorage", TensorDType.F64, "LongStorage", TensorDType.I64, "IntStorage", TensorDType.I32,
            "ByteStorage", TensorDType.U8);

    private PickleCalls() {}

    /** A numpy dtype under construction ({@code numpy.dtype(...)} then BUILD). */
    static final class NumpyDType {
        final String typestr;

        NumpyDType(String typestr) {
            this.typestr = typestr;
            name(); // refuse unknown type strings when the dtype is made, not when it is used
        }

        String name() {
            return switch (typestr) {
                case "f8" -> "float64";
                case "f4" -> "float32";
                case "f2" -> "float16";
                case "i8" -> "int64";
                case "i4" -> "int32";
                case "i2" -> "int16";
                case "i1" -> "int8";
                case "u8" -> "uint64";
                case "u4" -> "uint32";
                case "u2" -> "uint16";
                case "u1" -> "uint8";
                case "b1" -> "bool";
                default -> throw Unpickler.forbidden("unsupported numpy dtype '" + Unpickler.shorten(typestr) + "'");
            };
        }

        int itemSize() {
            return typestr.equals("b1") ? 1 : Integer.parseInt(typestr.substring(1));
        }
    }

    /** A numpy array under construction ({@code _reconstruct} then BUILD). */
    static final class NumpyArrayBuilder {
        NumpyArray built;
    }

    /** The storage class of a persistent id: {@code torch.FloatStorage} and friends. */
    static TensorDType storageType(Object ref) {
        if (ref instanceof ClassRef c && c.module().equals("torch") && STORAGE_TYPES.containsKey(c.name())) {
            return STORAGE_TYPES.get(c.name());
        }
        throw Unpickler.forbidden("unsupported storage type " + Unpickler.describe(ref));
    }

    static Object call(Object callable, Tuple args) {
        if (!(callable instanceof ClassRef ref)) {
            throw Unpickler.forbidden("refusing to call a " + Unpickler.typeName(callable));
        }
        List<Object> a = args.items();
        switch (ref.module() + "/" + ref.name()) {
            case "collections/OrderedDict", "typing/OrderedDict", "torch.nn.modules.container/ParameterDict": {
                Map<Object, Object> m = new PickleValues.OrderedDict();
                if (!a.isEmpty() && a.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Tuple t && t.items().size() == 2) {
                            m.put(Unpickler.key(t.items().get(0)), t.items().get(1));
                        }
                    }
                }
                return m;
            }
            case "torch._utils/_rebuild_tensor_v2":
                return rebuildTensor(a);
            case "torch._utils/_rebuild_parameter":
                if (a.isEmpty() || !(a.get(0) instanceof TensorRef t)) {
                    throw Unpickler.corrupt("_rebuild_parameter expects a tensor");
                }
                return t.asParameter();
            case "torch._utils/_rebuild_device_tensor_from_numpy":
                if (a.isEmpty() || !(a.get(0) instanceof NumpyArray n)) {
                    throw Unpickler.corrupt("_rebuild_device_tensor_from_numpy expects a numpy array");
                }
                return n;
            case "numpy.core.multiarray/scalar":
                return numpyScalar(a);
            case "numpy.core.multiarray/_reconstruct":
                return new NumpyArrayBuilder();
            case "numpy/dtype":
                if (a.isEmpty() || !(a.get(0) instanceof String s)) {
                    throw Unpickler.corrupt("numpy.dtype expects a type string");
                }
                return new NumpyDType(s);
            case "_codecs/encode":
                if (a.isEmpty() || !(a.get(0) instanceof String s)) {
                    throw Unpickler.corrupt("_codecs.encode expects a str");
                }
                return s.getBytes(StandardCharsets.ISO_8859_1);
            case "__builtin__/set":
                if (a.isEmpty()) {
                    return new LinkedHashSet<>();
                }
                List<?> items = iterable(a.get(0));
                items.forEach(Unpickler::key);
                return new LinkedHashSet<>(items);
            default:
                throw Unpickler.forbidden("refusing to call or instantiate '" + ref.qualifiedName() + "'");
        }
    }

    /** Applies BUILD; returns the object that replaces the target on the stack. */
    static Object build(Object target, Object state) {
        if (target instanceof NumpyArrayBuilder b) {
            b.built = numpyArray(state);
            return b.built;
        } else if (target instanceof NumpyDType) {
            return target; // byte order and flags: numpy pickles little-endian on the platforms checkpoints come from
        } else if (target instanceof Map<?, ?> m && state instanceof Map<?, ?> s) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) m;
            map.putAll(s);
            return target;
        } else if (target instanceof Map<?, ?> || target instanceof TensorRef) {
            return target; // object attributes (e.g. ParameterDict slots, tensor hooks) carry no data we use
        }
        throw Unpickler.forbidden("refusing to set the state of a " + Unpickler.typeName(target));
    }

    private static TensorRef rebuildTensor(List<Object> a) {
        if (a.size() < 4 || !(a.get(0) instanceof StorageRef storage) || !(a.get(1) instanceof Long offset)
                || !(a.get(2) instanceof Tuple size) || !(a.get(3) instanceof Tuple stride)
                || size.items().size() != stride.items().size()) {
            throw Unpickler.corrupt("malformed _rebuild_tensor_v2 arguments");
        }
        if (offset < 0) {
            throw Unpickler.corrupt("negative tensor storage offset " + offset);
        }
        return new TensorRef(storage, offset, longs(size), longs(stride), false);
    }

    private static long[] longs(Tuple t) {
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long v) || v < 0) {
                throw Unpickler.corrupt("tensor sizes and strides must be non-negative integers");
            }
            out[i] = v;
        }
        return out;
    }

    private static NumpyScalar numpyScalar(List<Object> a) {
        if (a.size() < 2 || !(a.get(0) instanceof NumpyDType dtype)) {
            throw Unpickler.corrupt("malformed numpy scalar");
        }
        byte[] raw = a.get(1) instanceof byte[] b ? b
                : a.get(1) instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : null;
        if (raw == null || raw.length != dtype.itemSize()) {
            throw Unpickler.corrupt("numpy scalar data does not match its dtype");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Object value = switch (dtype.name()) {
            case "float64" -> b.getDouble();
            case "float32" -> (double) b.getFloat();
            case "float16" -> (double) TensorConversions.halfToFloat(b.getShort());
            case "int64", "uint64" -> b.getLong();
            case "int32" -> (long) b.getInt();
            case "uint32" -> b.getInt() & 0xffffffffL;
            case "int16" -> (long) b.getShort();
            case "uint16" -> (long) (b.getShort() & 0xffff);
            case "int8" -> (long) b.get();
            case "uint8" -> (long) (b.get() & 0xff);
            case "bool" -> b.get() != 0;
            default -> throw Unpickler.forbidden("unsupported numpy dtype " + dtype.name());
        };
        return new NumpyScalar(dtype.name(), value);
    }

    private static NumpyArray numpyArray(Object state) {
        if (!(state instanceof Tuple t) || t.items().size() < 5 || !(t.items().get(1) instanceof Tuple shape)
                || !(t.items().get(2) instanceof NumpyDType dtype)) {
            throw Unpickler.corrupt("malformed numpy array state");
        }
        if (Boolean.TRUE.equals(t.items().get(3))) {
            throw Unpickler.forbidden("Fortran-ordered numpy arrays are not supported");
        }
        Object data = t.items().get(4);
        byte[] raw = data instanceof byte[] b ? b
                : data instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : null;
        long[] dims = longs(shape);
        long numel = 1;
        for (long d : dims) {
            numel = Math.multiplyExact(numel, d);
        }
        if (raw == null || raw.length != Math.multiplyExact(numel, dtype.itemSize())) {
            throw Unpickler.corrupt("numpy array data does not match its shape and dtype");
        }
        return new NumpyArray(dtype.name(), dims, raw);
    }

    private static List<?> iterable(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Tuple t) {
            return t.items();
        }
        throw Unpickler.corrupt("set() expects a list");
    }
}
