package io.sdjava.samples.examples;

import io.sdjava.GeneratedImage;
import io.sdjava.GenerationRequest;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import io.sdjava.spi.Tag;
import io.sdjava.tagger.TaggerImageReader;
import io.sdjava.tagger.TaggingOptions;
import io.sdjava.tagger.TaggingResult;
import io.sdjava.tagger.WdTagger;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tagging a reference image with a WD14-style tagger (SmilingWolf's wd-*-tagger-v3 folder: {@code model.safetensors},
 * {@code config.json}, {@code selected_tags.csv}), extending a positive prompt with its tags as the A1111 tagger
 * extension's "send to txt2img" does, then generating from that prompt and saving the PNG with its infotext.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.TaggingExample \
 *     models/tagger/wd-vit-tagger-v3 reference.png models/Stable-diffusion/v1-5-pruned-emaonly.safetensors outputs \
 *     [--prompt "pixel art"] [--threshold 0.35] [--tokenizer FILE] [--size 512] [--steps 20]
 * </pre>
 */
public final class TaggingExample {
    private TaggingExample() {}

    public static void main(String[] args) throws Exception {
        ExampleArgs a = ExampleArgs.parse(args, "TaggingExample TAGGER_DIR IMAGE CHECKPOINT OUT [--prompt TEXT]"
                + " [--threshold X] [--tokenizer FILE] [--size PX] [--steps N]", 4);

        // 1. Tag the image. Transparent pixels are composited on white, as the taggers' reference app does.
        SdImage reference = TaggerImageReader.read(a.path(1));
        TaggingResult tags;
        try (WdTagger tagger = WdTagger.load(a.path(0))) { // closing frees the weights' native memory
            // The A1111 WD14 extension's rules: one threshold (>=) for general and character tags, no ratings.
            tags = tagger.tag(reference, TaggingOptions.builder().threshold(a.doubleOption("--threshold", 0.35))
                    .build());
        }
        for (Tag rating : tags.ratings()) {
            System.out.printf(Locale.ROOT, "rating  %-14s %.3f%n", rating.name(), rating.score());
        }
        for (Tag tag : tags.tags()) {
            System.out.printf(Locale.ROOT, "tag     %-30s %.3f%n", tag.name(), tag.score());
        }

        // 2. Extend the positive prompt with the tags (", " separated, no dangling comma) and generate.
        int size = a.intOption("--size", 512);
        try (Pipeline sd = Pipeline.builder().checkpoint(a.path(2)).tokenizer(a.pathOption("--tokenizer")).build()) {
            GenerationRequest request = sd.newRequest(tags.extend(a.option("--prompt", "pixel art")))
                    .negativePrompt("lowres").size(size, size).steps(a.intOption("--steps", 20)).seed(99).build();
            System.out.println("prompt: " + request.prompt());
            GeneratedImage image = sd.generate(request).first();
            System.out.println("saved " + ExampleImages.writePng(a.path(3), "tagged", image) + "\n"
                    + image.infotext());
        }
    }
}
