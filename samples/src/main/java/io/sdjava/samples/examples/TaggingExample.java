package io.sdjava.samples.examples;

import io.sdjava.GenerationRequest;
import io.sdjava.SdImage;
import io.sdjava.spi.Tag;
import io.sdjava.tagger.TaggerImageReader;
import io.sdjava.tagger.TaggingOptions;
import io.sdjava.tagger.TaggingResult;
import io.sdjava.tagger.WdTagger;
import java.nio.file.Path;
import java.util.List;

/**
 * Tagging an image with a WD14-style tagger (SmilingWolf's wd-*-tagger-v3 folder: {@code model.safetensors},
 * {@code config.json}, {@code selected_tags.csv}) and extending a positive prompt with its tags, as the A1111
 * tagger extension's "send to txt2img" does.
 *
 * <pre>
 * java -cp "samples/target/sd.jar:samples/target/lib/*" io.sdjava.samples.examples.TaggingExample \
 *     models/wd-vit-tagger-v3 reference.png "pixel art texture"
 * </pre>
 */
public final class TaggingExample {
    private TaggingExample() {}

    public static void main(String[] args) {
        Path modelDir = Path.of(args[0]);
        Path imageFile = Path.of(args[1]);
        String basePrompt = args.length > 2 ? args[2] : "";

        // Transparent pixels are composited on white, as the taggers' reference app does.
        SdImage image = TaggerImageReader.read(imageFile);
        try (WdTagger tagger = WdTagger.load(modelDir)) { // closing frees the weights' native memory
            TaggingOptions options = TaggingOptions.builder().threshold(0.35).excludeTags(List.of("solo")).build();
            TaggingResult result = tagger.tag(image, options);

            for (Tag rating : result.ratings()) {
                System.out.printf("rating  %-14s %.3f%n", rating.name(), rating.score());
            }
            for (Tag tag : result.tags()) {
                System.out.printf("tag     %-30s %.3f%n", tag.name(), tag.score());
            }

            // Extend the prompt of a request with the tags (", " separated, no dangling comma).
            GenerationRequest request = GenerationRequest.builder().prompt(basePrompt).steps(20).build();
            GenerationRequest tagged = request.toBuilder().prompt(result.extend(request.prompt())).build();
            System.out.println("prompt: " + tagged.prompt());
        }
    }
}
