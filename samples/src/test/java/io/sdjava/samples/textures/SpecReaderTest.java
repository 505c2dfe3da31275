package io.sdjava.samples.textures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {
    @TempDir
    Path dir;
    Path checkpoint;

    @BeforeEach
    void model() throws IOException {
        checkpoint = Files.writeString(dir.resolve("model.safetensors"), "not read by the spec reader");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> problems(String yaml, SpecOverrides overrides) throws IOException {
        Path spec = write("bad.yaml", yaml);
        return assertThrows(InvalidSpecException.class, () -> SpecReader.read(spec, overrides)).problems();
    }

    @Test
    void readsYamlWithDefaults() throws IOException {
        Path spec = write("pack.yaml", """
                pack: {name: My Pack, description: hi, format: 15}
                generation: {checkpoint: model.safetensors, palette: 8, negativePrompt: blurry}
                textures:
                  - {id: block/stone, prompt: stone, seed: 5}
                  - {id: "mymod:item/gems/ruby", prompt: ruby, negativePrompt: "", loras: [pix], embeddings: [ti]}
                """);
        PackSpec pack = SpecReader.read(spec, new SpecOverrides(null, null, null, dir, dir));
        assertEquals("My Pack", pack.name());
        assertEquals(15, pack.packFormat());
        assertEquals(checkpoint.toAbsolutePath(), pack.checkpoint());
        assertEquals("Euler a", pack.sampler());
        assertEquals(20, pack.steps());
        assertEquals(512, pack.generationSize());
        assertEquals(16, pack.textureSize());
        assertEquals(8, pack.paletteColors());
        TextureSpec stone = pack.textures().get(0);
        assertEquals(new TextureId("minecraft", "block", "stone"), stone.id());
        assertEquals("assets/minecraft/textures/block/stone.png", stone.id().packPath());
        assertEquals("blurry", stone.negativePrompt());
        assertEquals(5, stone.seed());
        TextureSpec ruby = pack.textures().get(1);
        assertEquals("assets/mymod/textures/item/gems/ruby.png", ruby.id().packPath());
        assertEquals("ruby, ti, <lora:pix:1>", ruby.fullPrompt());
        assertEquals("", ruby.fullNegativePrompt());
        assertEquals(SpecReader.derivedSeed("mymod:item/gems/ruby"), ruby.seed());
    }

    @Test
    void jsonAndYamlGiveTheSameSpec() throws IOException {
        Path yaml = write("a.yml",
                "pack: {name: p}\ntextures: [{id: 'minecraft:block/dirt', prompt: dirt, seed: 1}]\n");
        Path json = write("a.json", "{\"pack\": {\"name\": \"p\"}, \"textures\": "
                + "[{\"id\": \"minecraft:block/dirt\", \"prompt\": \"dirt\", \"seed\": 1}]}");
        SpecOverrides o = SpecOverrides.none().withCheckpoint(checkpoint);
        assertEquals(SpecReader.read(yaml, o), SpecReader.read(json, o));
    }

    @Test
    void commandLineOverridesReplaceSpecValues() throws IOException {
        Path spec = write("o.yaml", "pack: {name: p}\ngeneration: {steps: 30, size: 1024}\n"
                + "textures: [{id: 'minecraft:block/dirt', prompt: dirt}]\n");
        PackSpec pack = SpecReader.read(spec, new SpecOverrides(checkpoint, 2, 64, null, null));
        assertEquals(2, pack.steps());
        assertEquals(64, pack.generationSize());
        assertEquals(checkpoint, pack.checkpoint());
    }

    @Test
    void commandLineOverridesAreCheckedToo() throws IOException {
        List<String> problems = problems("pack: {name: p}\ntextures: [{id: 'minecraft:block/dirt', prompt: dirt}]\n",
                new SpecOverrides(dir.resolve("nope.ckpt"), 0, 96, null, null));
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("checkpoint " + dir.resolve("nope.ckpt")), problems.get(0));
        assertEquals("--steps is 0; allowed: 1..1000", problems.get(1));
        assertTrue(problems.get(2).startsWith("--generation-size is 96"), problems.get(2));
    }

    @Test
    void reportsEveryProblemOnceBeforeGenerating() throws IOException {
        List<String> problems = problems("""
                pack: {name: ok}
                generation: {size: 500, textureSize: 24}
                textures:
                  - {id: "My Mod:block/x", prompt: a}
                  - {id: "minecraft:block/stone", prompt: b}
                  - {id: "block/stone", prompt: c}
                """, SpecOverrides.none());
        assertEquals(5, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("no checkpoint"), problems.get(0));
        assertTrue(problems.get(1).contains("generation.size is 500") && problems.get(1).contains("power of two"));
        assertTrue(problems.get(2).contains("generation.textureSize is 24"), problems.get(2));
        assertTrue(problems.get(3).contains("bad namespace 'My Mod'") && problems.get(3).startsWith("textures[0].id"),
                problems.get(3));
        assertEquals("duplicate id 'minecraft:block/stone' in textures[1] and textures[2]", problems.get(4));
    }

    @Test
    void reportsStructuralAndValueProblems() throws IOException {
        List<String> problems = problems("""
                pack: {name: "../evil", format: 0, colour: red}
                generation: {checkpoint: missing.safetensors, sampler: Nope, steps: 0, cfgScale: x, palette: 1,
                             textureSize: 128, size: 64}
                textures:
                  - {id: "minecraft:entity/zombie", prompt: " "}
                  - {prompt: no id, seed: -1, loras: ["<bad>"]}
                """, SpecOverrides.none());
        String all = String.join("\n", problems);
        for (String expected : List.of("pack.name '../evil'", "'pack.format' is 0", "unknown key 'pack.colour'",
                "checkpoint " + dir.resolve("missing.safetensors"), "generation.sampler/scheduler",
                "'generation.steps' is 0", "'generation.cfgScale' must be a number", "generation.palette is 1",
                "textureSize 128 is larger than the generation size 64", "must name a block or item texture",
                "'textures[0].prompt' is blank", "missing 'textures[1].id'", "'textures[1].seed' is -1",
                "'textures[1].loras' entry '<bad>'", "no --lora-dir")) {
            assertTrue(all.contains(expected), "missing <" + expected + "> in:\n" + all);
        }
        assertEquals(15, problems.size(), all);
    }

    @Test
    void reportsParseErrorsAndEmptySpecs() throws IOException {
        assertTrue(problems("pack: [unclosed", SpecOverrides.none()).get(0).startsWith("cannot parse"));
        assertEquals(List.of("the spec is empty"), problems("", SpecOverrides.none()));
        assertTrue(problems("pack: {name: p}\ntextures: []\n", SpecOverrides.none().withCheckpoint(checkpoint))
                .get(0).startsWith("'textures' must be a non-empty list"));
    }

    @Test
    void exampleSpecIsValid() {
        PackSpec pack = SpecReader.read(Path.of("examples/example-pack.yaml"),
                SpecOverrides.none().withCheckpoint(checkpoint));
        assertEquals("sd-java-example", pack.name());
        assertTrue(pack.textures().size() >= 4);
        assertEquals(16, pack.paletteColors());
    }
}
