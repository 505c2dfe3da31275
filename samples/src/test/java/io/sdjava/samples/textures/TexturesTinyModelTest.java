package io.sdjava.samples.textures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import io.sdjava.samples.cli.SdCommand;
import io.sdjava.spi.conformance.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sd textures} on the real backend with the tiny random-weight checkpoint of the {@code models} fixtures:
 * the images are noise, but the pack structure, sizes, palette limit, tiling and byte-for-byte reproducibility
 * are all checked, with a LoRA tag and a negative embedding from the {@code pipeline} fixtures.
 *
 * <p>Runs only once the {@code djl} backend is on the class path (it lands on main separately); from then on it
 * never skips, and missing fixtures fail it. Fails (never skips) when the fixtures are missing.
 */
@EnabledIf("djlBackendPresent")
class TexturesTinyModelTest {
    private static final String SPEC = """
            pack: {name: tiny-pack, description: "tiny-sd1 textures", format: 34}
            generation: {sampler: Euler a, steps: 3, size: 64, textureSize: 16, palette: 8, negativePrompt: blurry}
            textures:
              - {id: "minecraft:block/stone", prompt: "seamless grey stone", seed: 1}
              - {id: "tinymod:item/gem", prompt: "red gem", seed: 2, loras: ["tiny_lora:0.8"],
                 negativeEmbeddings: [easyneg]}
            """;

    @TempDir
    Path dir;

    static boolean djlBackendPresent() {
        return java.util.ServiceLoader.load(io.sdjava.spi.BackendProvider.class).stream()
                .anyMatch(p -> p.type().getName().equals("io.sdjava.djl.DjlBackendProvider"));
    }

    private String run(Path spec, Path out) {
        Path checkpoint = Fixtures.area("models").resolve("tiny-sd1.safetensors");
        Path tokenizer = Fixtures.area("text").resolve("clip-vit-large-patch14/tokenizer.json");
        Path networks = Fixtures.area("pipeline");
        StringWriter err = new StringWriter();
        CommandLine cl = SdCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute("textures", "--backend", "djl", "--spec", spec.toString(),
                "--checkpoint", checkpoint.toString(), "--tokenizer", tokenizer.toString(),
                "--lora-dir", networks.resolve("lora").toString(),
                "--embeddings-dir", networks.resolve("embeddings").toString(), "--out", out.toString());
        assertEquals(0, status, err.toString());
        return err.toString();
    }

    @Test
    void tinyModelWritesAReproducibleTilingPack() throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), SPEC);
        String log = run(spec, dir.resolve("a"));
        run(spec, dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/tiny-pack.zip")),
                Files.readAllBytes(dir.resolve("b/tiny-pack.zip")));
        Path pack = dir.resolve("a/tiny-pack");
        for (String path : new String[] {"assets/minecraft/textures/block/stone.png",
            "assets/tinymod/textures/item/gem.png"}) {
            byte[] png = Files.readAllBytes(pack.resolve(path));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(16, image.getWidth(), path);
            assertEquals(16, image.getHeight(), path);
            int[] argb = image.getRGB(0, 0, 16, 16, null, 0, 16);
            assertTrue(Arrays.stream(argb).distinct().count() <= 8, path);
            SeamCheck seam = SeamCheck.of(SdImage.fromArgbPixels(16, 16, argb));
            assertTrue(seam.passed(), path + ": " + seam.describe() + "\n" + log);
            String infotext = PngChunks.text(png, "parameters").orElseThrow();
            assertTrue(infotext.contains("Tiling: True"), infotext);
        }
        JsonNode mcmeta = new ObjectMapper().readTree(pack.resolve("pack.mcmeta").toFile());
        assertEquals(34, mcmeta.path("pack").path("pack_format").asInt());
        BufferedImage icon = ImageIO.read(pack.resolve("pack.png").toFile());
        assertEquals(64, icon.getWidth());
        JsonNode side = new ObjectMapper().readTree(pack.resolve(ResourcePackWriter.SIDE_FILE).toFile());
        assertEquals(2, side.path("textures").size());
        String gem = side.path("textures").get(1).path("infotext").asText();
        assertTrue(gem.contains("Seed: 2") && gem.contains("<lora:tiny_lora:0.8>") && gem.contains("easyneg"), gem);
    }
}
