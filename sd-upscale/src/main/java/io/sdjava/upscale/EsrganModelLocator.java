package io.sdjava.upscale;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds ESRGAN-family weights by the WebUI's upscaler names under a WebUI-style {@code models} directory:
 * {@code "R-ESRGAN 4x+"}, {@code "R-ESRGAN 4x+ Anime6B"}, {@code "R-ESRGAN 2x+"} in {@code RealESRGAN/},
 * {@code "ESRGAN_4x"} in {@code ESRGAN/}, and any weights file in either folder by its file stem; every name is
 * also looked up in the directory itself (a flat folder of upscaler models). Nothing is downloaded: a missing
 * file is an error naming every path looked at.
 */
final class EsrganModelLocator {
    /** The folders searched for file stems, relative to the models directory ("" = the directory itself). */
    static final List<String> SEARCHED = List.of("ESRGAN", "RealESRGAN", "");
    /** Weight file extensions accepted, in preference order. */
    static final List<String> EXTENSIONS = List.of(".pth", ".safetensors", ".pt");

    /** The WebUI names of the ESRGAN-family models this class knows the file names of. */
    static final List<String> BUILT_IN_NAMES = List.of("R-ESRGAN 4x+", "R-ESRGAN 4x+ Anime6B", "R-ESRGAN 2x+",
            "ESRGAN_4x");

    /** WebUI display name to (folder, file stem). */
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "R-ESRGAN 4x+", List.of("RealESRGAN", "RealESRGAN_x4plus"),
            "R-ESRGAN 4x+ Anime6B", List.of("RealESRGAN", "RealESRGAN_x4plus_anime_6B"),
            "R-ESRGAN 2x+", List.of("RealESRGAN", "RealESRGAN_x2plus"),
            "ESRGAN_4x", List.of("ESRGAN", "ESRGAN_4x"));

    private final Path modelsDir;

    /** @param modelsDir the WebUI-style {@code models} directory */
    EsrganModelLocator(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /**
     * @param name a WebUI upscaler name or a file stem
     * @return the weights file
     * @throws ModelLoadException naming the paths looked at when no file exists
     */
    Path require(String name) {
        List<Path> candidates = candidates(name);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ModelLoadException("upscaler '" + name + "': no model file found; looked for " + candidates
                + " (nothing is downloaded; place the weights there)");
    }

    /** @return the file for {@code name} if it exists */
    Optional<Path> find(String name) {
        return candidates(name).stream().filter(Files::isRegularFile).findFirst();
    }

    /** @return the built-in names plus the stems of the weights files present, in a stable order */
    List<String> names() {
        Set<String> names = new LinkedHashSet<>(BUILT_IN_NAMES);
        for (String folder : SEARCHED) {
            Path dir = modelsDir.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(EsrganModelLocator::isWeights).sorted()
                        .map(EsrganModelLocator::stem).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return List.copyOf(names);
    }

    private List<Path> candidates(String name) {
        List<Path> out = new ArrayList<>();
        List<String> builtIn = BUILT_IN.get(name);
        List<String> folders = builtIn != null ? List.of(builtIn.get(0), "") : SEARCHED;
        String stem = builtIn != null ? builtIn.get(1) : name;
        for (String folder : folders) {
            for (String ext : EXTENSIONS) {
                out.add(modelsDir.resolve(folder).resolve(stem + ext));
            }
        }
        return out;
    }

    private static boolean isWeights(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }
}
