package io.sdjava.djl.embedding;

import io.sdjava.ModelLoadException;
import io.sdjava.io.PickleFile;
import io.sdjava.io.PickleReader;
import io.sdjava.io.PickleValues.TensorRef;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.TensorInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one textual-inversion file as A1111's {@code create_embedding_from_data} does: WebUI training files
 * ({@code string_to_param} with exactly one term), SDXL files ({@code clip_l} + {@code clip_g}), and single-tensor
 * files (diffusers concepts, {@code emb_params}; a 1-D tensor is one vector). Pickles go through the allow-list reader.
 */
final class EmbeddingFiles {
    /** Extensions A1111 reads embeddings from (images with embedded data are not supported here). */
    static final List<String> EXTENSIONS = List.of(".pt", ".bin", ".safetensors");

    private EmbeddingFiles() {}

    /** A tensor of the file, whatever the container. */
    private interface Tensor {
        long[] shape();

        float[] values();
    }

    static Embedding read(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
        String name = dot < 0 ? fileName : fileName.substring(0, dot);
        if (ext.equals(".safetensors")) {
            try (SafetensorsReader sd = SafetensorsReader.open(file)) {
                Map<Object, Object> data = new LinkedHashMap<>();
                for (String key : sd.keys()) {
                    TensorInfo info = sd.info(key);
                    float[] values = sd.toFloatArray(key);
                    data.put(key, new Tensor() {
                        @Override
                        public long[] shape() {
                            return info.shape();
                        }

                        @Override
                        public float[] values() {
                            return values;
                        }
                    });
                }
                return fromData(data, name, file);
            }
        }
        if (ext.equals(".pt") || ext.equals(".bin")) {
            try (PickleFile pf = PickleReader.read(file)) {
                Object root = wrapTensors(pf.root(), pf);
                if (!(root instanceof Map<?, ?> m)) {
                    throw new ModelLoadException("embedding " + file + " does not hold a dict");
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> data = (Map<Object, Object>) m;
                return fromData(data, name, file);
            }
        }
        throw new ModelLoadException("not an embedding file: " + file + " (supported: " + EXTENSIONS + ")");
    }

    /** Replaces the tensors of the first two levels of a pickle's tree by readable handles. */
    private static Object wrapTensors(Object o, PickleFile pf) {
        if (o instanceof TensorRef t) {
            return new Tensor() {
                @Override
                public long[] shape() {
                    return t.shape();
                }

                @Override
                public float[] values() {
                    return pf.toFloatArray(t);
                }
            };
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner ? wrapInner(inner, pf) : wrapLeaf(v, pf)));
            return out;
        }
        return o;
    }

    private static Object wrapInner(Map<?, ?> inner, PickleFile pf) {
        Map<Object, Object> out = new LinkedHashMap<>();
        inner.forEach((k, v) -> out.put(k, wrapLeaf(v, pf)));
        return out;
    }

    private static Object wrapLeaf(Object v, PickleFile pf) {
        return v instanceof TensorRef ? wrapTensors(v, pf) : v;
    }

    private static Embedding fromData(Map<Object, Object> data, String name, Path file) {
        Object stringToParam = data.get("string_to_param");
        if (stringToParam != null) {
            if (!(stringToParam instanceof Map<?, ?> params)) {
                throw bad(file, "string_to_param is not a dict");
            }
            Map<?, ?> p = params.containsKey("_parameters") && params.get("_parameters") instanceof Map<?, ?> inner
                    ? inner : params;
            if (p.size() != 1) {
                throw bad(file, "embedding file has multiple terms in it");
            }
            Object t = p.values().iterator().next();
            if (!(t instanceof Tensor tensor)) {
                throw bad(file, "string_to_param does not hold a tensor");
            }
            return single(tensor, data, name, file);
        }
        if (data.get("clip_g") instanceof Tensor g && data.get("clip_l") instanceof Tensor l) {
            long[] gs = g.shape();
            long[] ls = l.shape();
            int width = (int) (gs[gs.length - 1] + ls[ls.length - 1]);
            Map<String, float[]> parts = new LinkedHashMap<>();
            data.forEach((k, v) -> {
                if (v instanceof Tensor t) {
                    parts.put(String.valueOf(k), t.values());
                }
            });
            return new Embedding(name, (int) gs[0], width, new float[0], parts, step(data), text(data, "sd_checkpoint"),
                    text(data, "sd_checkpoint_name"), file);
        }
        if (!data.isEmpty() && data.values().iterator().next() instanceof Tensor first) {
            if (data.size() != 1) {
                throw bad(file, "embedding file has multiple terms in it");
            }
            return single(first, data, name, file);
        }
        throw bad(file, "Couldn't identify " + file.getFileName()
                + " as neither textual inversion embedding nor diffuser concept.");
    }

    private static Embedding single(Tensor tensor, Map<Object, Object> data, String name, Path file) {
        long[] shape = tensor.shape();
        int width = (int) shape[shape.length - 1];
        int vectors = shape.length == 1 ? 1 : (int) shape[0];
        float[] values = tensor.values();
        if (values.length != (long) vectors * width) {
            throw bad(file, "embedding tensor of shape " + java.util.Arrays.toString(shape) + " is not [vectors, width]");
        }
        return new Embedding(name, vectors, width, values, Map.of(), step(data), text(data, "sd_checkpoint"),
                text(data, "sd_checkpoint_name"), file);
    }

    private static Long step(Map<Object, Object> data) {
        return data.get("step") instanceof Long l ? l : null;
    }

    private static String text(Map<Object, Object> data, String key) {
        return data.get(key) instanceof String s ? s : null;
    }

    private static ModelLoadException bad(Path file, String problem) {
        return new ModelLoadException("embedding " + file.getFileName() + ": " + problem);
    }
}
