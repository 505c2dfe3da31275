package io.sdjava.samples.textures;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sdjava.GenerationRequest;
import io.sdjava.SdException;
import io.sdjava.spi.SamplerRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Reads a texture-pack spec (YAML for {@code .yaml}/{@code .yml}, else JSON) and checks all of it before
 * anything is generated. Every problem found (unknown keys, bad ids, sizes that are not powers of two,
 * duplicate ids, a missing checkpoint, unknown sampler, ...) is collected, and all are thrown together in one
 * {@link InvalidSpecException}. The format is shown in {@code samples/examples/example-pack.yaml}.
 */
final class SpecReader {
    /** The default {@code pack.format}: Minecraft Java 1.21 - 1.21.1. */
    static final int DEFAULT_PACK_FORMAT = 34;
    static final int MIN_GENERATION_SIZE = 64;
    static final int MAX_GENERATION_SIZE = 2048;
    static final int MIN_TEXTURE_SIZE = 16;
    static final int MAX_TEXTURE_SIZE = 512;
    static final int MAX_PALETTE = 256;
    static final int MAX_STEPS = GenerationRequest.MAX_STEPS;

    private static final Pattern PACK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.+-]{0,63}");
    private static final Pattern LORA = Pattern.compile("[^<>:,\\s][^<>:,]*(:-?[0-9]+(\\.[0-9]+)?)?");
    private static final Pattern EMBEDDING = Pattern.compile("[^<>:,\\s][^<>:,]*");
    private static final Set<String> TOP_KEYS = Set.of("pack", "generation", "textures");
    private static final Set<String> PACK_KEYS = Set.of("name", "description", "format");
    private static final Set<String> GENERATION_KEYS = Set.of("checkpoint", "sampler", "scheduler", "steps",
            "cfgScale", "size", "textureSize", "palette", "negativePrompt");
    private static final Set<String> TEXTURE_KEYS = Set.of("id", "prompt", "negativePrompt", "loras", "embeddings",
            "negativeEmbeddings", "seed");

    private final List<String> problems = new ArrayList<>();
    private boolean usesLoras;
    private boolean usesEmbeddings;

    private SpecReader() {}

    /**
     * @param specFile the spec; a relative {@code generation.checkpoint} is resolved against its folder
     * @param overrides command-line values replacing the spec's
     * @return the checked spec
     * @throws InvalidSpecException listing every problem, if there is any
     */
    static PackSpec read(Path specFile, SpecOverrides overrides) {
        JsonNode root;
        try {
            String name = specFile.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
            ObjectMapper mapper = yaml ? new YAMLMapper() : new ObjectMapper();
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(Files.readString(specFile, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of("cannot parse " + specFile + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of("cannot read spec " + specFile + ": " + e.getMessage()));
        }
        Path base = specFile.toAbsolutePath().getParent();
        return new SpecReader().check(root, base, overrides);
    }

    private PackSpec check(JsonNode root, Path base, SpecOverrides overrides) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidSpecException(List.of("the spec is empty"));
        }
        SpecFields top = new SpecFields(root, "", TOP_KEYS, problems::add);
        SpecFields pack = new SpecFields(top.raw("pack"), "pack", PACK_KEYS, problems::add);
        String name = pack.text("name", null, true);
        if (name != null && !PACK_NAME.matcher(name).matches()) {
            problems.add("pack.name '" + name + "' must be 1-64 letters, digits, spaces or _ . + - (it names the "
                    + "folder and the zip)");
        }
        String description = pack.text("description", "", false);
        int format = (int) pack.integer("format", DEFAULT_PACK_FORMAT, 1, 9999);

        SpecFields gen = new SpecFields(top.raw("generation"), "generation", GENERATION_KEYS, problems::add);
        Path checkpoint = checkpoint(gen, base, overrides.checkpoint());
        String sampler = gen.text("sampler", "Euler a", false);
        String scheduler = gen.text("scheduler", SamplerRegistry.AUTOMATIC, false);
        checkSampler(sampler, scheduler);
        int steps = (int) gen.integer("steps", 20, 1, MAX_STEPS);
        if (overrides.steps() != null) {
            steps = overrides.steps();
            if (steps < 1 || steps > MAX_STEPS) {
                problems.add("--steps is " + steps + "; allowed: 1.." + MAX_STEPS);
            }
        }
        double cfgScale = gen.number("cfgScale", 7.0, 0.0, 100.0);
        int size = overrides.generationSize() != null ? overrides.generationSize() : (int) gen.integer("size", 512, 1,
                MAX_GENERATION_SIZE);
        powerOfTwo(overrides.generationSize() != null ? "--generation-size" : "generation.size", size,
                MIN_GENERATION_SIZE, MAX_GENERATION_SIZE);
        int textureSize = (int) gen.integer("textureSize", 16, 1, MAX_TEXTURE_SIZE);
        powerOfTwo("generation.textureSize", textureSize, MIN_TEXTURE_SIZE, MAX_TEXTURE_SIZE);
        if (textureSize > size) {
            problems.add("generation.textureSize " + textureSize + " is larger than the generation size " + size);
        }
        int palette = (int) gen.integer("palette", 0, 0, MAX_PALETTE);
        if (palette == 1) {
            problems.add("generation.palette is 1; allowed: 0 (keep every colour) or 2.." + MAX_PALETTE);
        }
        String negative = gen.text("negativePrompt", "", false);
        List<TextureSpec> textures = textures(top.raw("textures"), negative);
        checkNetworkDirs(overrides);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new PackSpec(name, description, format, checkpoint, sampler, scheduler, steps, cfgScale, size,
                textureSize, palette, textures);
    }

    private Path checkpoint(SpecFields gen, Path base, Path override) {
        String text = gen.text("checkpoint", null, false);
        Path checkpoint = override != null ? override : text == null ? null : base.resolve(text);
        if (checkpoint == null) {
            problems.add("no checkpoint: set generation.checkpoint in the spec or pass --checkpoint FILE");
        } else if (!Files.isRegularFile(checkpoint) || !Files.isReadable(checkpoint)) {
            problems.add("checkpoint " + checkpoint + " does not exist or is not a readable file");
        }
        return checkpoint;
    }

    private void checkNetworkDirs(SpecOverrides overrides) {
        if (usesLoras) {
            requireDirectory(overrides.loraDir(), "--lora-dir", "loras");
        }
        if (usesEmbeddings) {
            requireDirectory(overrides.embeddingsDir(), "--embeddings-dir", "embeddings");
        }
    }

    private void requireDirectory(Path dir, String option, String what) {
        if (dir == null) {
            problems.add("textures list " + what + " but no " + option + " DIR was given");
        } else if (!Files.isDirectory(dir)) {
            problems.add(option + " " + dir + " is not a directory");
        }
    }

    private void checkSampler(String sampler, String scheduler) {
        SamplerRegistry registry = SamplerRegistry.load();
        if (sampler == null || scheduler == null || registry.samplers().isEmpty() || registry.schedules().isEmpty()) {
            return;
        }
        try {
            registry.resolve(sampler, scheduler);
        } catch (SdException e) {
            problems.add("generation.sampler/scheduler: " + e.getMessage());
        }
    }

    private void powerOfTwo(String where, int value, int min, int max) {
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            problems.add(where + " is " + value + "; it must be a power of two in " + min + ".." + max);
        }
    }

    private List<TextureSpec> textures(JsonNode node, String defaultNegative) {
        List<TextureSpec> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add("'textures' must be a non-empty list of textures (id, prompt, ...)");
            return out;
        }
        Map<TextureId, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            SpecFields t = new SpecFields(node.get(i), "textures[" + i + "]", TEXTURE_KEYS, problems::add);
            String idText = t.text("id", null, true);
            TextureId id = idText == null ? null
                    : TextureId.parse(idText, p -> problems.add(t.where("id") + ": " + p)).orElse(null);
            if (id != null) {
                Integer first = firstIndex.putIfAbsent(id, i);
                if (first != null) {
                    problems.add("duplicate id '" + id + "' in textures[" + first + "] and textures[" + i + "]");
                }
            }
            String prompt = t.text("prompt", "", true);
            if (t.has("prompt") && prompt.isBlank()) {
                problems.add("'" + t.where("prompt") + "' is blank");
            }
            String negative = t.text("negativePrompt", defaultNegative, false);
            List<String> loras = matching(t, "loras", LORA, "name or name:weight");
            List<String> embeddings = matching(t, "embeddings", EMBEDDING, "an embedding name");
            List<String> negativeEmbeddings = matching(t, "negativeEmbeddings", EMBEDDING, "an embedding name");
            usesLoras |= !loras.isEmpty();
            usesEmbeddings |= !embeddings.isEmpty() || !negativeEmbeddings.isEmpty();
            long seed = t.integer("seed", idText == null ? 0 : derivedSeed(idText), 0, 0xFFFF_FFFFL);
            if (id != null) {
                out.add(new TextureSpec(id, prompt, negative, loras, embeddings, negativeEmbeddings, seed));
            }
        }
        return out;
    }

    private List<String> matching(SpecFields t, String key, Pattern pattern, String expected) {
        List<String> values = t.texts(key);
        for (String v : values) {
            if (!pattern.matcher(v).matches()) {
                problems.add("'" + t.where(key) + "' entry '" + v + "' must be " + expected);
            }
        }
        return values;
    }

    /** A seed for a texture whose entry gives none: stable across runs, derived from the id as written. */
    static long derivedSeed(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
