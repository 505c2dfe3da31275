package io.sdjava.djl.embedding;

import io.sdjava.ModelLoadException;
import io.sdjava.djl.text.EmbeddingVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The textual-inversion embeddings of an A1111 {@code embeddings} folder (searched recursively, in sorted order),
 * named by file stem; a later file with the same name replaces an earlier one. Embeddings whose width differs from the
 * text encoder's are kept aside as skipped, files that cannot be read are reported as failed (neither stops the
 * others), as A1111 does. Immutable and thread-safe.
 */
public final class EmbeddingLibrary implements EmbeddingVocabulary {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingLibrary.class);

    private final Map<String, Embedding> registered;
    private final Map<String, Embedding> skipped;
    private final Map<String, String> failed;

    private EmbeddingLibrary(Map<String, Embedding> registered, Map<String, Embedding> skipped,
            Map<String, String> failed) {
        this.registered = Collections.unmodifiableMap(registered);
        this.skipped = Collections.unmodifiableMap(skipped);
        this.failed = Collections.unmodifiableMap(failed);
    }

    /** @return a library without embeddings */
    public static EmbeddingLibrary empty() {
        return new EmbeddingLibrary(Map.of(), Map.of(), Map.of());
    }

    /**
     * @param dir the embeddings folder
     * @param width the text encoder's token-embedding width (768 for SD 1.x)
     * @return the library
     * @throws ModelLoadException if the folder does not exist or cannot be listed
     */
    public static EmbeddingLibrary load(Path dir, int width) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("embeddings folder not found: " + dir);
        }
        Map<String, Embedding> registered = new LinkedHashMap<>();
        Map<String, Embedding> skipped = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Path file : files(dir)) {
            try {
                Embedding e = EmbeddingFiles.read(file);
                registered.remove(e.name());
                skipped.remove(e.name());
                (e.width() == width ? registered : skipped).put(e.name(), e);
            } catch (ModelLoadException e) {
                LOG.warn("skipping embedding {}: {}", file.getFileName(), e.getMessage());
                failed.put(file.getFileName().toString(), e.getMessage());
            }
        }
        return new EmbeddingLibrary(registered, skipped, failed);
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> out = new ArrayList<>();
            walk.filter(Files::isRegularFile).filter(EmbeddingLibrary::isEmbeddingFile).sorted().forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new ModelLoadException("cannot list embeddings folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmbeddingFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return EmbeddingFiles.EXTENSIONS.stream().anyMatch(n::endsWith) && Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads one embedding file as A1111 does (name = file stem).
     *
     * @param file a {@code .pt}, {@code .bin} or {@code .safetensors} textual-inversion file
     * @return the embedding
     * @throws ModelLoadException if the file is not a readable embedding (e.g. it has several terms)
     */
    public static Embedding readFile(Path file) {
        return EmbeddingFiles.read(file);
    }

    /**
     * @param name the embedding's name
     * @return the registered embedding, if any
     */
    public Optional<Embedding> find(String name) {
        return Optional.ofNullable(registered.get(name));
    }

    /** @return embeddings usable with this model, by name, in load order */
    public Map<String, Embedding> registered() {
        return registered;
    }

    /** @return embeddings of another width (e.g. SDXL files on SD 1.x), by name */
    public Map<String, Embedding> skipped() {
        return skipped;
    }

    /** @return files that could not be read, with the reason */
    public Map<String, String> failed() {
        return failed;
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        registered.values().forEach(e -> out.add(new Entry(e.name(), e.vectors())));
        return out;
    }
}
