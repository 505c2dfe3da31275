package io.sdjava.upscale;

import io.sdjava.UnsupportedModelException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the key layouts of ESRGAN-family weights onto the canonical Real-ESRGAN ("new-arch") names
 * ({@code conv_first}, {@code body.N.rdbJ.convK}, {@code conv_body}, {@code conv_upK}, {@code conv_hr},
 * {@code conv_last}) and detects the architecture from tensor shapes. Recognised layouts: new-arch (bare or
 * under {@code params_ema.}/{@code params.}, {@code params_ema} preferred), old ESRGAN ({@code model.0.*},
 * {@code model.1.sub.N.RDBj.convk.0.*}) and BSRGAN ({@code RRDB_trunk.*}, {@code trunk_conv}, {@code upconvK},
 * {@code HRconv}).
 */
final class EsrganKeyLayout {
    /** The layouts this class recognises. */
    enum Kind { NEW_ARCH, OLD_ESRGAN, BSRGAN }

    private static final Pattern OLD_BODY = Pattern.compile("model\\.1\\.sub\\.(\\d+)\\.RDB(\\d)\\.conv(\\d)\\.0\\.(weight|bias)");
    private static final Pattern OLD_TRUNK_END = Pattern.compile("model\\.1\\.sub\\.(\\d+)\\.(weight|bias)");
    private static final Pattern OLD_TAIL = Pattern.compile("model\\.(\\d+)\\.(weight|bias)");
    private static final Pattern BSRGAN_BODY = Pattern.compile("RRDB_trunk\\.(\\d+)\\.RDB(\\d)\\.conv(\\d)\\.(weight|bias)");
    private static final Pattern BSRGAN_UP = Pattern.compile("upconv(\\d+)\\.(weight|bias)");
    private static final Pattern NEW_BODY = Pattern.compile("body\\.(\\d+)\\.rdb1\\.conv1\\.weight");
    private static final Pattern NEW_UP = Pattern.compile("conv_up(\\d+)\\.weight");

    private final Kind kind;
    private final Map<String, String> canonicalToSource;
    private final RrdbArchitecture architecture;

    private EsrganKeyLayout(Kind kind, Map<String, String> canonicalToSource, RrdbArchitecture architecture) {
        this.kind = kind;
        this.canonicalToSource = Map.copyOf(canonicalToSource);
        this.architecture = architecture;
    }

    /**
     * Detects the layout and architecture.
     *
     * @param shapes tensor name to shape, as stored in the file
     * @return the layout
     * @throws UnsupportedModelException naming the recognised layouts if the keys match none of them
     */
    static EsrganKeyLayout detect(Map<String, long[]> shapes) {
        String prefix = wrapperPrefix(shapes.keySet());
        Map<String, long[]> unwrapped = unwrap(shapes, prefix);
        Collection<String> keys = unwrapped.keySet();
        Map<String, String> map;
        Kind kind;
        if (keys.contains("model.0.weight") && keys.contains("model.1.sub.0.RDB1.conv1.0.weight")) {
            kind = Kind.OLD_ESRGAN;
            map = mapOldKeys(keys);
        } else if (keys.contains("conv_first.weight") && keys.contains("RRDB_trunk.0.RDB1.conv1.weight")
                && keys.contains("trunk_conv.weight")) {
            kind = Kind.BSRGAN;
            map = mapBsrganKeys(keys);
        } else if (keys.containsAll(List.of("conv_first.weight", "body.0.rdb1.conv1.weight", "conv_body.weight",
                "conv_last.weight"))) {
            kind = Kind.NEW_ARCH;
            map = new LinkedHashMap<>();
            for (String k : keys) {
                map.put(k, k);
            }
        } else {
            throw new UnsupportedModelException("not an ESRGAN/RRDBNet state dict (" + shapes.size() + " tensors, e.g. "
                    + shapes.keySet().stream().limit(3).toList() + "); recognised layouts: Real-ESRGAN keys "
                    + "(conv_first, body.N.rdbJ.convK, optionally under params_ema/params), old ESRGAN keys "
                    + "(model.0, model.1.sub.N.RDBj.convk.0), BSRGAN keys (RRDB_trunk, trunk_conv)");
        }
        Map<String, String> toSource = new LinkedHashMap<>();
        map.forEach((canonical, source) -> toSource.put(canonical, prefix + source));
        RrdbArchitecture arch = architecture(canonical -> {
            long[] s = unwrapped.get(map.get(canonical));
            if (s == null) {
                throw new UnsupportedModelException("ESRGAN state dict lacks tensor '" + canonical + "' ("
                        + kind + " layout)");
            }
            return s;
        }, map.keySet());
        return new EsrganKeyLayout(kind, toSource, arch);
    }

    /** @return the detected layout */
    Kind kind() {
        return kind;
    }

    /** @return the detected architecture */
    RrdbArchitecture architecture() {
        return architecture;
    }

    /**
     * @param canonical a new-arch name such as {@code body.0.rdb1.conv1.weight}
     * @return the key of that tensor in the source file
     * @throws UnsupportedModelException if the file has no such tensor
     */
    String sourceKey(String canonical) {
        String key = canonicalToSource.get(canonical);
        if (key == null) {
            throw new UnsupportedModelException("ESRGAN state dict lacks tensor '" + canonical + "' (" + kind
                    + " layout)");
        }
        return key;
    }

    private static String wrapperPrefix(Collection<String> keys) {
        for (String p : List.of("params_ema.", "params.")) {
            if (keys.stream().anyMatch(k -> k.startsWith(p))) {
                return p;
            }
        }
        return "";
    }

    private static Map<String, long[]> unwrap(Map<String, long[]> shapes, String prefix) {
        if (prefix.isEmpty()) {
            return shapes;
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        shapes.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Map<String, String> mapOldKeys(Collection<String> keys) {
        Map<String, String> map = new LinkedHashMap<>();
        int numBlock = 0;
        for (String k : keys) {
            Matcher m = OLD_BODY.matcher(k);
            if (m.matches()) {
                map.put("body." + m.group(1) + ".rdb" + m.group(2) + ".conv" + m.group(3) + "." + m.group(4), k);
                numBlock = Math.max(numBlock, Integer.parseInt(m.group(1)) + 1);
            }
        }
        TreeMap<Integer, String> tail = new TreeMap<>();
        for (String k : keys) {
            Matcher trunk = OLD_TRUNK_END.matcher(k);
            if (trunk.matches() && Integer.parseInt(trunk.group(1)) == numBlock) {
                map.put("conv_body." + trunk.group(2), k);
            }
            Matcher m = OLD_TAIL.matcher(k);
            if (m.matches()) {
                int index = Integer.parseInt(m.group(1));
                if (index == 0) {
                    map.put("conv_first." + m.group(2), k);
                } else if (index >= 2) {
                    tail.put(index, "model." + index + ".");
                }
            }
        }
        // after the trunk: upsample convs, then HR conv, then the last conv (ESRGAN's flattened Sequential)
        List<String> convs = List.copyOf(tail.values());
        for (int i = 0; i < convs.size(); i++) {
            String canonical = i == convs.size() - 1 ? "conv_last" : i == convs.size() - 2 ? "conv_hr"
                    : "conv_up" + (i + 1);
            map.put(canonical + ".weight", convs.get(i) + "weight");
            map.put(canonical + ".bias", convs.get(i) + "bias");
        }
        return map;
    }

    private static Map<String, String> mapBsrganKeys(Collection<String> keys) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String k : keys) {
            Matcher body = BSRGAN_BODY.matcher(k);
            Matcher up = BSRGAN_UP.matcher(k);
            if (body.matches()) {
                map.put("body." + body.group(1) + ".rdb" + body.group(2) + ".conv" + body.group(3) + "."
                        + body.group(4), k);
            } else if (up.matches()) {
                map.put("conv_up" + up.group(1) + "." + up.group(2), k);
            } else if (k.startsWith("trunk_conv.")) {
                map.put("conv_body." + k.substring("trunk_conv.".length()), k);
            } else if (k.startsWith("HRconv.")) {
                map.put("conv_hr." + k.substring("HRconv.".length()), k);
            } else if (k.startsWith("conv_first.") || k.startsWith("conv_last.")) {
                map.put(k, k);
            }
        }
        return map;
    }

    private static RrdbArchitecture architecture(Function<String, long[]> shape, Collection<String> canonical) {
        long[] first = shape.apply("conv_first.weight");
        long[] last = shape.apply("conv_last.weight");
        int numFeat = (int) first[0];
        int firstIn = (int) first[1];
        int numOutCh = (int) last[0];
        int numGrowCh = (int) shape.apply("body.0.rdb1.conv1.weight")[0];
        int numBlock = count(canonical, NEW_BODY);
        int numUpsamples = count(canonical, NEW_UP);
        int unshuffle = firstIn == 4 * numOutCh ? 2 : firstIn == 16 * numOutCh ? 4 : 1;
        return new RrdbArchitecture(firstIn / (unshuffle * unshuffle), numOutCh, numFeat, numBlock, numGrowCh,
                numUpsamples, unshuffle);
    }

    private static int count(Collection<String> keys, Pattern pattern) {
        int n = 0;
        for (String k : keys) {
            if (pattern.matcher(k).matches()) {
                n++;
            }
        }
        return n;
    }
}
