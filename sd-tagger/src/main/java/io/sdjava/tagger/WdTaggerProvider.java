package io.sdjava.tagger;

import io.sdjava.InvalidRequestException;
import io.sdjava.spi.Tagger;
import io.sdjava.spi.TaggerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link TaggerProvider} for {@link WdTagger}: each sub-folder of the models directory that holds
 * {@code model.safetensors}, {@code config.json} and {@code selected_tags.csv} is a tagger whose id is the folder
 * name (e.g. {@code wd-vit-tagger-v3}). Thread-safe (stateless).
 */
public final class WdTaggerProvider implements TaggerProvider {
    /** Creates the provider (ServiceLoader). */
    public WdTaggerProvider() {}

    @Override
    public List<String> ids(Path modelsDir) {
        if (modelsDir == null || !Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            return dirs.filter(WdTaggerProvider::isModelFolder).map(p -> p.getFileName().toString()).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tagger models in " + modelsDir, e);
        }
    }

    @Override
    public Tagger create(String id, Path modelsDir) {
        List<String> ids = ids(modelsDir);
        if (id == null || !ids.contains(id)) {
            throw new InvalidRequestException("unknown tagger '" + id + "' in " + modelsDir + "; available: " + ids);
        }
        return WdTagger.load(modelsDir.resolve(id));
    }

    private static boolean isModelFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(WdTagger.WEIGHTS_FILE)) && Files.isRegularFile(
                dir.resolve(WdTagger.CONFIG_FILE)) && Files.isRegularFile(dir.resolve(WdTagger.TAGS_FILE));
    }
}
