package io.sdjava.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.ModelLoadException;
import io.sdjava.io.PickleValues.ClassRef;
import io.sdjava.io.PickleValues.NumpyArray;
import io.sdjava.io.PickleValues.NumpyScalar;
import io.sdjava.io.PickleValues.TensorRef;
import io.sdjava.io.PickleValues.Tuple;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Golden cases of the {@code pickle} fixtures: good files reproduce the reference object tree and every tensor
 * (dtype, shape, strides, offset, storage sharing, exact values); bad and hostile files are refused.
 */
public final class PickleConformanceArea implements ConformanceArea {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "pickle";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        JsonNode index;
        try {
            index = JSON.readTree(dir.resolve("cases.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("cases.json"), e);
        }
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("allow-list/a1111", () -> checkAllowList(index.path("a1111_allowed_globals"),
                PickleCalls.A1111_ALLOWED)));
        cases.add(ConformanceCase.of("allow-list/spandrel", () -> checkAllowList(index.path("spandrel_allowed_globals"),
                PickleCalls.SPANDREL_ALLOWED)));
        for (Iterator<Map.Entry<String, JsonNode>> it = index.path("cases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            Path file = dir.resolve(c.getKey());
            JsonNode spec = c.getValue();
            String expect = spec.path("expect").asText();
            cases.add(ConformanceCase.of(c.getKey(), () -> switch (expect) {
                case "loaded" -> checkLoaded(dir, file, spec);
                case "refused" -> checkRefused(file, spec);
                default -> checkRefusedOrReal(file, spec);
            }));
        }
        return cases;
    }

    private static CaseResult checkAllowList(JsonNode expected, Set<String> actual) {
        List<String> want = new ArrayList<>();
        expected.forEach(p -> want.add(p.get(0).asText() + "/" + p.get(1).asText()));
        return Set.copyOf(want).equals(actual) ? CaseResult.pass() : CaseResult.fail("allow-list " + actual + ", expected " + want);
    }

    private static CaseResult checkLoaded(Path dir, Path file, JsonNode spec) {
        try (PickleFile pf = PickleReader.read(file);
                SafetensorsReader expected = SafetensorsReader.open(dir.resolve("expected_tensors.safetensors"))) {
            List<TensorRef> order = new ArrayList<>();
            JsonNode actual = encode(pf.root(), file.getFileName().toString(), order);
            if (!sameJson(actual, spec.path("structure"))) {
                return CaseResult.fail("object tree differs: " + actual);
            }
            JsonNode tensors = spec.path("tensors");
            if (tensors.size() != order.size()) {
                return CaseResult.fail(order.size() + " tensors, expected " + tensors.size());
            }
            for (int i = 0; i < order.size(); i++) {
                String problem = checkTensor(pf, expected, order, i, tensors.get(i));
                if (problem != null) {
                    return CaseResult.fail(tensors.get(i).path("golden").asText() + ": " + problem);
                }
            }
            return CaseResult.pass(0);
        }
    }

    private static String checkTensor(PickleFile pf, SafetensorsReader expected, List<TensorRef> order, int i,
            JsonNode spec) {
        TensorRef t = order.get(i);
        if (!dtypeName(t.storage().dtype()).equals(spec.path("dtype").asText())) {
            return "dtype " + t.storage().dtype();
        }
        if (!longs(spec.path("shape")).equals(boxed(t.shape())) || !longs(spec.path("stride")).equals(boxed(t.stride()))
                || t.storageOffset() != spec.path("storage_offset").asLong()
                || t.parameter() != spec.path("is_parameter").asBoolean()) {
            return "layout " + t;
        }
        List<String> shares = new ArrayList<>();
        for (int j = 0; j < i; j++) {
            if (order.get(j).storage().key().equals(t.storage().key())) {
                shares.add(spec.path("golden").asText().replaceAll("t\\d+$", "t" + j));
            }
        }
        List<String> wantShares = new ArrayList<>();
        spec.path("shares_storage_with").forEach(n -> wantShares.add(n.asText()));
        if (!shares.equals(wantShares)) {
            return "shares storage with " + shares + ", expected " + wantShares;
        }
        ByteBuffer got = pf.data(t);
        ByteBuffer want = expected.data(spec.path("golden").asText());
        return got.equals(want) ? null : "values differ";
    }

    private static CaseResult checkRefused(Path file, JsonNode spec) {
        try (PickleFile pf = PickleReader.read(file)) {
            return CaseResult.fail("loaded, but the reference refuses it: " + spec.path("why").asText());
        } catch (ModelLoadException e) {
            String reference = spec.path("verdict").path("a1111_exception").asText("");
            Matcher m = Pattern.compile("global '([^']+)' is forbidden").matcher(reference);
            if (m.find() && !e.getMessage().contains(m.group())) {
                return CaseResult.fail("refused for another reason: " + e.getMessage());
            }
            return CaseResult.pass();
        }
    }

    private static CaseResult checkRefusedOrReal(Path file, JsonNode spec) {
        try (PickleFile pf = PickleReader.read(file)) {
            Matcher m = Pattern.compile("\\[([^\\]]*)\\]").matcher(spec.path("torch_load_after_check").asText());
            if (!m.find() || pf.keys().isEmpty()) {
                return CaseResult.fail("loaded, but no reference values to compare");
            }
            float[] got = pf.toFloatArray(pf.keys().get(0));
            String[] want = m.group(1).split(",\\s*");
            if (got.length != want.length) {
                return CaseResult.fail("loaded " + got.length + " values, the real record holds " + want.length);
            }
            for (int i = 0; i < want.length; i++) {
                if (got[i] != Float.parseFloat(want[i])) {
                    return CaseResult.fail("value " + i + " is " + got[i] + ", expected " + want[i]);
                }
            }
            return CaseResult.pass(0);
        } catch (ModelLoadException refused) {
            return CaseResult.pass();
        }
    }

    /** The README's JSON encoding of an object tree; tensors are named in order of appearance. */
    static JsonNode encode(Object o, String file, List<TensorRef> order) {
        if (o == null) {
            return NODES.nullNode();
        }
        if (o instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (o instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (o instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (o instanceof String s) {
            return NODES.textNode(s);
        }
        if (o instanceof Double d) {
            return typed("float").put("value", d);
        }
        if (o instanceof byte[] b) {
            return typed("bytes").put("hex", HexFormat.of().formatHex(b));
        }
        if (o instanceof ClassRef c) {
            return typed("class_ref").put("value", c.qualifiedName());
        }
        if (o instanceof NumpyScalar s) {
            ObjectNode n = typed("numpy_scalar").put("dtype", s.dtype());
            return n.set("value", s.value() instanceof Double d ? NODES.numberNode(d) : encode(s.value(), file, order));
        }
        if (o instanceof NumpyArray a) {
            return numpyArray(a);
        }
        if (o instanceof TensorRef t) {
            order.add(t);
            return NODES.objectNode().put("__tensor__", file + "/t" + (order.size() - 1));
        }
        if (o instanceof Map<?, ?> m) {
            ObjectNode n = typed(o instanceof PickleValues.OrderedDict ? "OrderedDict" : "dict");
            ArrayNode items = n.putArray("items");
            m.forEach((k, v) -> items.add(NODES.arrayNode().add(encode(k, file, order)).add(encode(v, file, order))));
            return n;
        }
        if (o instanceof List<?> l) {
            return items(typed("list"), l, file, order);
        }
        if (o instanceof Tuple t) {
            return items(typed("tuple"), t.items(), file, order);
        }
        if (o instanceof Set<?> s) {
            return items(typed("set"), new ArrayList<>(s), file, order);
        }
        return NODES.textNode("<" + o.getClass().getSimpleName() + ">");
    }

    private static ObjectNode items(ObjectNode n, List<?> values, String file, List<TensorRef> order) {
        ArrayNode items = n.putArray("items");
        values.forEach(v -> items.add(encode(v, file, order)));
        return n;
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("__type__", type);
    }

    private static JsonNode numpyArray(NumpyArray a) {
        ObjectNode n = typed("numpy_ndarray").put("dtype", a.dtype());
        ArrayNode shape = n.putArray("shape");
        for (long d : a.shape()) {
            shape.add(d);
        }
        TensorDType dtype = switch (a.dtype()) {
            case "float32" -> TensorDType.F32;
            case "float64" -> TensorDType.F64;
            case "float16" -> TensorDType.F16;
            case "int64" -> TensorDType.I64;
            case "int32" -> TensorDType.I32;
            default -> TensorDType.U8;
        };
        float[] values = TensorConversions.toFloats(new TensorInfo("np", dtype, a.shape()), ByteBuffer.wrap(a.data()));
        n.set("value", nest(values, a.shape(), 0, new int[] {0}));
        return n;
    }

    private static JsonNode nest(float[] v, long[] shape, int dim, int[] pos) {
        if (dim == shape.length) {
            return NODES.numberNode((double) v[pos[0]++]);
        }
        ArrayNode a = NODES.arrayNode();
        for (long i = 0; i < shape[dim]; i++) {
            a.add(nest(v, shape, dim + 1, pos));
        }
        return a;
    }

    /** JSON equality with numbers compared by value. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!b.has(f) || !sameJson(a.get(f), b.get(f))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String dtypeName(TensorDType t) {
        return switch (t) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case F64 -> "float64";
            case I64 -> "int64";
            case I32 -> "int32";
            case I16 -> "int16";
            case I8 -> "int8";
            case U8 -> "uint8";
            case BOOL -> "bool";
        };
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

}
