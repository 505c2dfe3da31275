package io.sdjava.tagger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.ModelLoadException;
import io.sdjava.SdImage;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.Tag;
import io.sdjava.spi.Tagger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WD / SmilingWolf v3 booru tagger (wd-vit-tagger-v3, wd-convnext-tagger-v3, wd-swinv2-tagger-v3 and other
 * sizes of the same timm architectures) loaded from a model folder as the Hugging Face repos ship it:
 * {@code model.safetensors} (F32, F16 or BF16), {@code config.json} and {@code selected_tags.csv}.
 *
 * <pre>{@code
 * try (WdTagger tagger = WdTagger.load(Path.of("models/wd-vit-tagger-v3"))) {
 *     TaggingResult r = tagger.tag(TaggerImageReader.read(Path.of("image.png")), TaggingOptions.defaults());
 *     String prompt = r.prompt();   // "1girl, solo, grass, pixel art, ..."
 * }
 * }</pre>
 *
 * <p>Images are padded to a white square and resized with Pillow's bicubic filter to the net's input size, exactly
 * as the reference app does. The ViT and ConvNeXt forward passes are checked against timm goldens; SwinV2 against an
 * independent re-implementation of timm's code (no timm golden exists for it yet). Thread-safe: concurrent
 * {@code tag} calls are allowed (each uses its own native scope). {@link #close()} releases the weights; the
 * tagger must not be used afterwards.
 */
public final class WdTagger implements Tagger {
    /** The weights file of a model folder. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** The architecture file of a model folder. */
    public static final String CONFIG_FILE = "config.json";
    /** The tag list of a model folder. */
    public static final String TAGS_FILE = "selected_tags.csv";

    private static final Logger LOG = LoggerFactory.getLogger(WdTagger.class);

    private final NetSpec spec;
    private final TagTable table;
    private final NDManager root;
    private final TaggerNet net;
    private final AtomicLong calls = new AtomicLong();

    private WdTagger(NetSpec spec, TagTable table, NDManager root, TaggerNet net) {
        this.spec = spec;
        this.table = table;
        this.root = root;
        this.net = net;
    }

    /**
     * Loads a model folder.
     *
     * @param dir a folder with {@value #WEIGHTS_FILE}, {@value #CONFIG_FILE} and {@value #TAGS_FILE}
     * @return the tagger, owned (and closed) by the caller
     * @throws ModelLoadException if a file is missing or unreadable, or the weights do not match the config
     * @throws io.sdjava.UnsupportedModelException naming the supported architectures if config.json names another
     */
    public static WdTagger load(Path dir) {
        Objects.requireNonNull(dir, "dir");
        for (String f : List.of(WEIGHTS_FILE, CONFIG_FILE, TAGS_FILE)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ModelLoadException("tagger folder " + dir + " has no " + f + "; a model folder holds "
                        + WEIGHTS_FILE + ", " + CONFIG_FILE + " and " + TAGS_FILE);
            }
        }
        NetSpec spec = NetSpec.fromConfig(readConfig(dir.resolve(CONFIG_FILE)));
        TagTable table = TagTable.read(dir.resolve(TAGS_FILE));
        if (table.size() != spec.numClasses()) {
            throw new ModelLoadException(TAGS_FILE + " in " + dir + " has " + table.size() + " tags but "
                    + CONFIG_FILE + " says num_classes " + spec.numClasses());
        }
        NDManager root = NDManager.newBaseManager();
        root.setName("tagger");
        try (SafetensorsReader weights = SafetensorsReader.open(dir.resolve(WEIGHTS_FILE))) {
            NDManager weightScope = root.newSubManager();
            weightScope.setName("tagger/weights");
            TaggerNet net = TaggerNet.load(spec, weights, weightScope);
            LOG.debug("loaded tagger {} ({} tags)", spec, table.size());
            return new WdTagger(spec, table, root, net);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    static JsonNode readConfig(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the square input side the net expects, in pixels (448 for the real v3 nets) */
    public int inputSize() {
        return spec.inputSize();
    }

    /** @return the tag names in output order (rows of selected_tags.csv) */
    public List<String> tagNames() {
        return table.labels().stream().map(TagTable.Label::name).toList();
    }

    /**
     * Tags an image with the extension's default rules.
     *
     * @param image the image (alpha already composited, e.g. by {@link TaggerImageReader})
     * @return the prompt tags, highest score first
     */
    @Override
    public List<Tag> tag(SdImage image) {
        return tag(image, TaggingOptions.defaults()).tags();
    }

    /**
     * @param image the image (alpha already composited, e.g. by {@link TaggerImageReader})
     * @param options the post-processing rules
     * @return ratings, kept tags and the prompt string
     */
    public TaggingResult tag(SdImage image, TaggingOptions options) {
        return postprocess(scores(image), options);
    }

    /**
     * @param image the image (alpha already composited)
     * @return the sigmoid score of every tag, in output order
     */
    public float[] scores(SdImage image) {
        Objects.requireNonNull(image, "image");
        return sigmoid(logits(Preprocessor.prepare(image, spec.inputSize())));
    }

    /**
     * @param scores one score per tag, as from {@link #scores(SdImage)}
     * @param options the post-processing rules
     * @return ratings, kept tags and the prompt string
     */
    public TaggingResult postprocess(float[] scores, TaggingOptions options) {
        Objects.requireNonNull(options, "options");
        if (scores.length != table.size()) {
            throw new IllegalArgumentException("got " + scores.length + " scores; this tagger has " + table.size());
        }
        return options.rules() == PromptRules.EXTENSION ? ExtensionRules.apply(table, scores, options)
                : ReferenceAppRules.apply(table, scores, options);
    }

    /** Runs the net on a prepared NCHW input [1, 3, T, T]. */
    float[] logits(float[] input) {
        int t = spec.inputSize();
        try (NDManager call = root.newSubManager()) {
            call.setName("tagger/call-" + calls.incrementAndGet());
            NDArray x = call.create(input, new Shape(1, 3, t, t));
            return net.forward(x).toFloatArray();
        }
    }

    /** The number of native arrays alive under this tagger (weights included), for leak tests. */
    int managedArrayCount() {
        return root.getManagedArrays().size();
    }

    static float[] sigmoid(float[] logits) {
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (1.0 / (1.0 + Math.exp(-(double) logits[i])));
        }
        return out;
    }

    /** Releases the weights. */
    @Override
    public void close() {
        root.close();
    }
}
