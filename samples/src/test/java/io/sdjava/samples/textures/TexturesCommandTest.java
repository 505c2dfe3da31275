package io.sdjava.samples.textures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import io.sdjava.samples.cli.SdCommand;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End to end through {@code sd textures} with the {@link FakeTextureBackend}. */
class TexturesCommandTest {
    private static final String SPEC = """
            pack: {name: test-pack, description: "Test textures", format: 34}
            generation: {sampler: Euler a, steps: 3, size: 128, textureSize: 16, palette: 8}
            textures:
              - {id: "minecraft:block/stone", prompt: grey stone, seed: 1}
              - {id: "minecraft:item/diamond", prompt: diamond, seed: 2}
              - {id: "mymod:block/ores/ruby", prompt: ruby ore}
            """;

    @TempDir
    Path dir;
    Path checkpoint;
    Path spec;

    @BeforeEach
    void files() throws IOException {
        checkpoint = Files.writeString(dir.resolve("fake.safetensors"), "fake");
        spec = Files.writeString(dir.resolve("pack.yaml"), SPEC);
    }

    private record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SdCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("textures", "--backend", FakeTextureBackend.NAME));
        all.addAll(Arrays.asList(args));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private Run generate(Path specFile, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--spec", specFile.toString(), "--checkpoint",
                checkpoint.toString(), "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return r;
    }

    private static Map<String, byte[]> folder(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<Map.Entry<String, byte[]>> zip(Path zip) throws IOException {
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(Map.entry(e.getName(), in.readAllBytes()));
            }
        }
        return entries;
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void writesAResourcePackFolderAndZip() throws IOException {
        Run r = generate(spec, dir.resolve("out"));
        assertTrue(r.out().contains("wrote 3 textures (16x16, 8 colours)"), r.out());
        assertTrue(r.err().contains("[########################] 3/3"), r.err());
        assertTrue(r.err().contains("step 3/3"), r.err());
        Map<String, byte[]> files = folder(dir.resolve("out/test-pack"));
        assertEquals(List.of("assets/minecraft/textures/block/stone.png", "assets/minecraft/textures/item/diamond.png",
                "assets/mymod/textures/block/ores/ruby.png", "pack.mcmeta", "pack.png", "sd-textures.json"),
                List.copyOf(files.keySet()));

        List<Map.Entry<String, byte[]>> zip = zip(dir.resolve("out/test-pack.zip"));
        assertEquals(List.copyOf(files.keySet()), zip.stream().map(Map.Entry::getKey).toList());
        zip.forEach(e -> assertArrayEquals(files.get(e.getKey()), e.getValue(), e.getKey()));

        JsonNode mcmeta = new ObjectMapper().readTree(files.get("pack.mcmeta"));
        assertEquals(34, mcmeta.path("pack").path("pack_format").asInt());
        assertEquals("Test textures", mcmeta.path("pack").path("description").asText());
        BufferedImage icon = png(files.get("pack.png"));
        assertEquals(64, icon.getWidth());
        assertEquals(64, icon.getHeight());
    }

    @Test
    void texturesHaveTheSizeThePaletteAndTile() throws IOException {
        generate(spec, dir.resolve("out"));
        Map<String, byte[]> files = folder(dir.resolve("out/test-pack"));
        for (String path : files.keySet().stream().filter(p -> p.startsWith("assets/")).toList()) {
            BufferedImage image = png(files.get(path));
            assertEquals(16, image.getWidth(), path);
            assertEquals(16, image.getHeight(), path);
            int[] argb = image.getRGB(0, 0, 16, 16, null, 0, 16);
            assertTrue(Arrays.stream(argb).distinct().count() <= 8, path);
            SeamCheck seam = SeamCheck.of(SdImage.fromArgbPixels(16, 16, argb));
            assertTrue(seam.passed(), path + ": " + seam.describe());
            String infotext = PngChunks.text(files.get(path), "parameters").orElseThrow();
            assertTrue(infotext.contains("Tiling: True") && infotext.contains("Size: 128x128"), infotext);
        }
    }

    @Test
    void sideFileKeepsEveryInfotextAndSeed() throws IOException {
        generate(spec, dir.resolve("out"));
        JsonNode side = new ObjectMapper().readTree(dir.resolve("out/test-pack/sd-textures.json").toFile());
        assertEquals("fake.safetensors", side.path("checkpoint").asText());
        assertEquals(8, side.path("palette").asInt());
        JsonNode textures = side.path("textures");
        assertEquals(3, textures.size());
        assertEquals("minecraft:block/stone", textures.get(0).path("id").asText());
        assertEquals(1, textures.get(0).path("seed").asLong());
        assertTrue(textures.get(0).path("infotext").asText().startsWith("grey stone\n"));
        assertTrue(textures.get(0).path("infotext").asText().contains("Seed: 1,"));
        assertEquals(SpecReader.derivedSeed("mymod:block/ores/ruby"), textures.get(2).path("seed").asLong());
        assertTrue(textures.get(2).path("tileable").asBoolean());
    }

    @Test
    void sameSpecGivesTheSameBytes() throws IOException {
        generate(spec, dir.resolve("a"));
        generate(spec, dir.resolve("b"));
        byte[] first = Files.readAllBytes(dir.resolve("a/test-pack.zip"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("b/test-pack.zip")));
        Map<String, byte[]> a = folder(dir.resolve("a/test-pack"));
        Map<String, byte[]> b = folder(dir.resolve("b/test-pack"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
        generate(spec, dir.resolve("a")); // again into the same folder: replaced, same bytes
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("a/test-pack.zip")));
        assertEquals(a.keySet(), folder(dir.resolve("a/test-pack")).keySet());
    }

    @Test
    void zipBytesDoNotDependOnTheTimeZone() throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>(Map.of("b.txt", new byte[] {1, 2}, "a/c.txt", new byte[] {3}));
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        byte[] utc;
        byte[] kiritimati;
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
            utc = ResourcePackWriter.zipBytes(files);
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            kiritimati = ResourcePackWriter.zipBytes(files);
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
        assertArrayEquals(utc, kiritimati);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(utc))) {
            ZipEntry first = in.getNextEntry();
            assertEquals("a/c.txt", first.getName());
            assertEquals(ResourcePackWriter.ZIP_TIME, first.getTimeLocal());
        }
    }

    @Test
    void badSpecListsEveryProblemAndGeneratesNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                pack: {name: p}
                generation: {size: 100, textureSize: 12}
                textures:
                  - {id: "Bad:block/a", prompt: a}
                  - {id: "minecraft:block/b", prompt: b}
                  - {id: "minecraft:block/b", prompt: c}
                """);
        Run r = run("--spec", bad.toString(), "--out", dir.resolve("out").toString());
        assertEquals(TexturesCommand.INVALID_SPEC, r.status());
        assertTrue(r.err().contains("5 problem(s)"), r.err());
        for (String expected : List.of("no checkpoint", "generation.size is 100", "generation.textureSize is 12",
                "bad namespace 'Bad'", "duplicate id 'minecraft:block/b'")) {
            assertTrue(r.err().contains("  - ") && r.err().contains(expected), expected + " in " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void refusesToOverwriteAFolderThatIsNotAPack() throws IOException {
        Files.createDirectories(dir.resolve("out/test-pack"));
        Files.writeString(dir.resolve("out/test-pack/notes.txt"), "mine");
        Run r = run("--spec", spec.toString(), "--checkpoint", checkpoint.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("is not a pack written by sd textures"), r.err());
        assertEquals("mine", Files.readString(dir.resolve("out/test-pack/notes.txt")));
    }

    @Test
    void requestsAreTiledAtTheGenerationSizeWithTheSpecSettings() {
        PackSpec pack = SpecReader.read(spec, SpecOverrides.none().withCheckpoint(checkpoint));
        FakeTextureBackend.FakePipeline pipeline = new FakeTextureBackend.FakePipeline("m");
        StringWriter bar = new StringWriter();
        TexturePackGenerator.Result result = new TexturePackGenerator(pipeline, new ProgressBar(new PrintWriter(bar),
                3)).generate(pack);
        assertEquals(3, result.textures().size());
        assertEquals(3, pipeline.requests.size());
        pipeline.requests.forEach(req -> {
            assertTrue(req.tiling());
            assertEquals(128, req.width());
            assertEquals(128, req.height());
            assertEquals(3, req.steps());
            assertEquals("Euler a", req.sampler());
        });
        assertEquals(1, pipeline.requests.get(0).seed());
    }

    @Test
    void exampleSpecRunsWithOverrides() throws IOException {
        Run r = generate(Path.of("examples/example-pack.yaml"), dir.resolve("ex"), "--generation-size", "64",
                "--steps", "1");
        assertTrue(r.out().contains("16 colours"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("ex/sd-java-example.zip")));
        assertTrue(Files.isRegularFile(dir.resolve("ex/sd-java-example/assets/examplemod/textures/item/ruby.png")));
    }
}
