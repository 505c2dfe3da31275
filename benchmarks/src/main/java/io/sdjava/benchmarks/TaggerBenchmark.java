package io.sdjava.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.SdImage;
import io.sdjava.io.SafetensorsWriter;
import io.sdjava.spi.conformance.Fixtures;
import io.sdjava.tagger.TaggingOptions;
import io.sdjava.tagger.TaggingResult;
import io.sdjava.tagger.WdTagger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tags one image with a full-size wd-vit-tagger-v3 layout (448x448 input, 784 tokens, 12 blocks of width 768,
 * 10861 classes): random weights written to a temporary model folder from the fixtures' key/shape inventory, so
 * no real weights are needed. Measures preprocessing + forward + sigmoid + the extension's post-processing.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -Dsd.fixtures=../shared/fixtures
 * -jar benchmarks/target/benchmarks.jar TaggerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "-Dai.djl.offline=true"})
public class TaggerBenchmark {
    /** The inventory (fixtures' tagger folder) whose layout is benchmarked. */
    @Param({"inventory_wd-vit-tagger-v3.json"})
    public String inventory;

    /** The side of the square test image; 448 needs no resize. */
    @Param({"448"})
    public int imageSide;

    private Path dir;
    private WdTagger tagger;
    private SdImage image;

    /** Writes the random model folder and loads it. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        JsonNode inv = new ObjectMapper().readTree(Fixtures.area("tagger").resolve(inventory).toFile());
        dir = Files.createTempDirectory("sd-tagger-bench");
        writeConfig(inv, dir.resolve(WdTagger.CONFIG_FILE));
        writeTags(inv.path("num_classes").asInt(), dir.resolve(WdTagger.TAGS_FILE));
        writeRandomWeights(inv, dir.resolve(WdTagger.WEIGHTS_FILE));
        tagger = WdTagger.load(dir);
        byte[] rgb = new byte[imageSide * imageSide * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i * 31 + i / (imageSide * 3) * 7) & 0xff);
        }
        image = SdImage.fromRgb(imageSide, imageSide, rgb);
    }

    /** Closes the tagger and deletes the model folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tagger.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** @return the tags of one image under the extension's default rules */
    @Benchmark
    public TaggingResult tagOneImage() {
        return tagger.tag(image, TaggingOptions.defaults());
    }

    private static void writeConfig(JsonNode inv, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("architecture", inv.path("architecture").asText());
        config.put("num_classes", inv.path("num_classes").asInt());
        config.set("model_args", inv.path("model_args"));
        ObjectNode pretrained = config.putObject("pretrained_cfg");
        pretrained.putArray("input_size").add(3).add(448).add(448);
        json.writeValue(file.toFile(), config);
    }

    private static void writeTags(int classes, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("tag_id,name,category,count\n");
        String[] ratings = {"general", "sensitive", "questionable", "explicit"};
        for (int i = 0; i < classes; i++) {
            String name = i < 4 ? ratings[i] : "tag_" + i;
            int category = i < 4 ? 9 : i % 10 == 0 ? 4 : 0;
            csv.append(i).append(',').append(name).append(',').append(category).append(",100\n");
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** Safetensors F32: norm weights 1, biases 0, everything else N(0, 0.02). */
    private static void writeRandomWeights(JsonNode inv, Path file) {
        SafetensorsWriter writer = new SafetensorsWriter();
        SplittableRandom random = new SplittableRandom(1234);
        for (JsonNode t : inv.path("tensors")) {
            String name = t.path("name").asText();
            long[] shape = new ObjectMapper().convertValue(t.path("shape"), long[].class);
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            boolean norm = shape.length == 1 && name.matches(".*norm\\d*\\.weight");
            boolean bias = name.endsWith(".bias");
            float[] values = new float[Math.toIntExact(n)];
            for (int i = 0; i < values.length; i++) {
                values[i] = norm ? 1f : bias ? 0f : (float) (random.nextGaussian() * 0.02);
            }
            writer.tensor(name, shape, values);
        }
        writer.write(file);
    }
}
