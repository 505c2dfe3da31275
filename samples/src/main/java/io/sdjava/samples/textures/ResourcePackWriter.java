package io.sdjava.samples.textures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a generated pack as a resource-pack folder {@code OUT/<name>/} and a zip {@code OUT/<name>.zip} with
 * the same files: {@code pack.mcmeta}, {@code pack.png}, {@code assets/<namespace>/textures/<block|item>/*.png}
 * and {@value #SIDE_FILE} (every texture's infotext and settings, so each can be regenerated). The bytes depend
 * only on the spec and the pixels: entries are sorted by path, every zip entry has the same fixed timestamp and
 * compression level, and JSON is written with fixed indentation and {@code \n} line ends. Stateless.
 */
final class ResourcePackWriter {
    /** The side file's name inside the pack. */
    static final String SIDE_FILE = "sd-textures.json";
    /** The timestamp of every zip entry (local DOS time, so the time zone does not matter). */
    static final LocalDateTime ZIP_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResourcePackWriter() {}

    /**
     * Where a pack was written.
     *
     * @param folder the pack folder
     * @param zip the pack zip
     */
    record Written(Path folder, Path zip) {}

    /**
     * @param spec the spec
     * @param result the generated textures and icon
     * @param outDir the output folder (created if missing)
     * @return the pack folder and zip
     * @throws UncheckedIOException on a write error
     * @throws IllegalStateException if the pack folder exists and is not a pack (it holds no pack.mcmeta)
     */
    static Written write(PackSpec spec, TexturePackGenerator.Result result, Path outDir) {
        SortedMap<String, byte[]> files = files(spec, result);
        Path folder = outDir.resolve(spec.name());
        Path zip = outDir.resolve(spec.name() + ".zip");
        try {
            Files.createDirectories(outDir);
            clearOldPack(folder);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = folder.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            try (OutputStream out = Files.newOutputStream(zip)) {
                out.write(zipBytes(files));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pack to " + outDir + ": " + e.getMessage(), e);
        }
        return new Written(folder, zip);
    }

    /** @return every file of the pack by its path inside the pack, sorted */
    static SortedMap<String, byte[]> files(PackSpec spec, TexturePackGenerator.Result result) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("pack.mcmeta", packMcmeta(spec));
        files.put("pack.png", PngWriter.encode(result.icon(), null));
        for (GeneratedTexture t : result.textures()) {
            files.put(t.spec().id().packPath(), PngWriter.encode(t.texture(), t.infotext()));
        }
        files.put(SIDE_FILE, sideFile(spec, result));
        return files;
    }

    static byte[] zipBytes(SortedMap<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ZipEntry entry = new ZipEntry(f.getKey());
                entry.setTimeLocal(ZIP_TIME);
                zip.putNextEntry(entry);
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] packMcmeta(PackSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode pack = root.putObject("pack");
        pack.put("pack_format", spec.packFormat());
        pack.put("description", spec.description());
        return json(root);
    }

    private static byte[] sideFile(PackSpec spec, TexturePackGenerator.Result result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("generator", "sd-java textures");
        root.put("pack", spec.name());
        root.put("checkpoint", spec.checkpoint().getFileName().toString());
        root.put("generationSize", spec.generationSize());
        root.put("textureSize", spec.textureSize());
        root.put("downscale", "area average");
        root.put("palette", spec.paletteColors());
        root.put("quantizer", spec.paletteColors() > 0 ? "median cut, nearest colour, no dithering" : "none");
        ArrayNode textures = root.putArray("textures");
        for (GeneratedTexture t : result.textures()) {
            ObjectNode entry = textures.addObject();
            entry.put("id", t.spec().id().toString());
            entry.put("file", t.spec().id().packPath());
            entry.put("seed", t.spec().seed());
            entry.put("tileable", t.seam().passed());
            entry.put("seamCheck", t.seam().describe());
            entry.put("infotext", t.infotext());
        }
        return json(root);
    }

    private static byte[] json(ObjectNode node) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return (MAPPER.writer(printer).writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a previous run's pack folder; refuses to touch a folder that is not a pack. */
    private static void clearOldPack(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        boolean empty;
        try (Stream<Path> s = Files.list(folder)) {
            empty = s.findAny().isEmpty();
        }
        if (!empty && !Files.isRegularFile(folder.resolve(SIDE_FILE))) {
            throw new IllegalStateException(folder + " exists and is not a pack written by sd textures (no "
                    + SIDE_FILE + "); choose another --out or pack.name");
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
