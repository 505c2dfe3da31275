package io.sdjava.djl;

import io.sdjava.ModelLoadException;
import io.sdjava.djl.conditioning.EmbeddingLookup;
import io.sdjava.djl.text.EmbeddingVocabulary;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The textual-inversion embeddings of an A1111 {@code embeddings} folder, named by file stem: WebUI training files
 * ({@code string_to_param}) and single-tensor files ({@code emb_params}, diffusers concepts; a 1-D tensor is one
 * vector). Files whose vector width differs from the text encoder's are skipped, as A1111 does. Immutable and
 * thread-safe once loaded.
 */
final class EmbeddingFolder implements EmbeddingLookup, EmbeddingVocabulary {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingFolder.class);

    private final Map<String, EmbeddingVectors> byName;

    private EmbeddingFolder(Map<String, EmbeddingVectors> byName) {
        this.byName = byName;
    }

    /** @return a folder without embeddings */
    static EmbeddingFolder empty() {
        return new EmbeddingFolder(Map.of());
    }

    /**
     * @param dir the folder (searched recursively), or null for none
     * @param width the text encoder's width
     * @return the embeddings found
     * @throws ModelLoadException if the folder cannot be listed
     */
    static EmbeddingFolder load(Path dir, int width) {
        if (dir == null) {
            return empty();
        }
        Map<String, EmbeddingVectors> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> sorted = files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))).toList();
            for (Path file : sorted) {
                read(file, width).ifPresent(e -> byName.putIfAbsent(e.name(), e));
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list embeddings folder " + dir + ": " + e.getMessage());
        }
        return new EmbeddingFolder(Map.copyOf(byName));
    }

    private static Optional<EmbeddingVectors> read(Path file, int width) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!ext.equals("safetensors")) {
            LOG.debug("skipping embedding {}: only .safetensors embeddings are read so far", file.getFileName());
            return Optional.empty();
        }
        String name = fileName.substring(0, dot);
        try (StateDict sd = SafetensorsReader.open(file)) {
            List<String> keys = new ArrayList<>(sd.keys());
            List<String> params = keys.stream().filter(k -> k.startsWith("string_to_param.")).toList();
            String key = params.size() == 1 ? params.get(0) : keys.size() == 1 ? keys.get(0) : null;
            if (key == null) {
                LOG.warn("skipping embedding {}: unrecognised layout {}", file.getFileName(), keys);
                return Optional.empty();
            }
            long[] shape = sd.info(key).shape();
            int vectorWidth = Math.toIntExact(shape[shape.length - 1]);
            int vectors = shape.length == 1 ? 1 : Math.toIntExact(shape[0]);
            if (vectorWidth != width || shape.length > 2) {
                LOG.info("skipping embedding {}: vectors of width {} do not fit the text encoder ({})",
                        file.getFileName(), vectorWidth, width);
                return Optional.empty();
            }
            return Optional.of(new EmbeddingVectors(name, vectors, width, sd.toFloatArray(key)));
        } catch (RuntimeException e) {
            LOG.warn("skipping embedding {}: {}", file.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<EmbeddingVectors> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<Entry> entries() {
        return byName.values().stream().map(e -> new Entry(e.name(), e.vectors())).toList();
    }
}
