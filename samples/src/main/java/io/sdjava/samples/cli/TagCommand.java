package io.sdjava.samples.cli;

import io.sdjava.SdImage;
import io.sdjava.spi.Tag;
import io.sdjava.spi.Tagger;
import io.sdjava.spi.TaggerProvider;
import io.sdjava.tagger.PromptRules;
import io.sdjava.tagger.TaggerImageReader;
import io.sdjava.tagger.TaggingOptions;
import io.sdjava.tagger.TaggingResult;
import io.sdjava.tagger.WdTagger;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sd tag}: WD14-style tags of images (SmilingWolf's wd-*-tagger-v3 layout) and the prompt string to paste
 * into a positive prompt. The tagger is found through the {@link TaggerProvider} SPI by its folder name; the
 * post-processing options apply to taggers that support them ({@link WdTagger}).
 */
@Command(
        name = "tag",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Tags images with a WD14-style tagger (model folder with model.safetensors, config.json and "
                + "selected_tags.csv) and prints ratings, character and general tags with scores, and the prompt string.",
            "Default rules: the A1111 WD14 tagger extension's (one threshold, >=); --rules reference-app uses "
                + "SmilingWolf's app (general and character thresholds, >, optional MCut)."})
final class TagCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "the tagger's model folder")
    Path model;

    @Option(names = "--rules", paramLabel = "RULES", defaultValue = "extension",
            description = "extension or reference-app (default: ${DEFAULT-VALUE})")
    String rules;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "0.35",
            description = "tag threshold 0..1; general tags only with reference-app (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--character-threshold", paramLabel = "X", defaultValue = "0.85",
            description = "reference-app: character threshold 0..1 (default: ${DEFAULT-VALUE})")
    double characterThreshold;

    @Option(names = "--mcut", description = "reference-app: MCut instead of the general threshold")
    boolean mcut;

    @Option(names = "--character-mcut", description = "reference-app: max(0.15, MCut) as the character threshold")
    boolean characterMcut;

    @Option(names = "--additional-tags", paramLabel = "LIST", split = ",",
            description = "extension: tags put first in the prompt")
    List<String> additionalTags = new ArrayList<>();

    @Option(names = "--exclude-tags", paramLabel = "LIST", split = ",",
            description = "extension: raw tag names (with underscores) never output")
    List<String> excludeTags = new ArrayList<>();

    @Option(names = "--sort-alphabetically", description = "extension: order tags by name instead of score")
    boolean sortAlphabetically;

    @Option(names = "--keep-underscores", description = "keep underscores in tag names")
    boolean keepUnderscores;

    @Option(names = "--underscore-excludes", paramLabel = "LIST", split = ",",
            description = "names that keep their underscores (default: the kaomoji list)")
    List<String> underscoreExcludes;

    @Option(names = "--escape", description = "extension: escape (, ) and \\ in the prompt")
    boolean escape;

    @Option(names = "--extend", paramLabel = "PROMPT",
            description = "also print this positive prompt extended with the tags")
    String extend;

    @Option(names = "--prompt-only", description = "print only the prompt string (one line per image)")
    boolean promptOnly;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "images (PNG, JPEG, BMP, GIF)")
    List<Path> images;

    @Override
    public Integer call() {
        TaggingOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        try (Tagger tagger = open()) {
            for (Path file : images) {
                if (!Files.isRegularFile(file)) {
                    throw new CliException("image " + file + " does not exist or is not a file");
                }
                SdImage image = TaggerImageReader.read(file);
                TaggingResult result = tagger instanceof WdTagger wd ? wd.tag(image, options)
                        : genericResult(tagger.tag(image));
                print(out, file, result);
            }
        }
        out.flush();
        return 0;
    }

    private Tagger open() {
        if (!Files.isDirectory(model)) {
            throw new CliException("tagger model folder " + model + " does not exist");
        }
        Path dir = model.toAbsolutePath().normalize();
        String id = dir.getFileName().toString();
        Path parent = dir.getParent();
        List<String> seen = new ArrayList<>();
        for (TaggerProvider provider : ServiceLoader.load(TaggerProvider.class)) {
            List<String> ids = provider.ids(parent);
            if (ids.contains(id)) {
                return provider.create(id, parent);
            }
            seen.addAll(ids);
        }
        throw new CliException("no tagger found in " + dir + "; a model folder holds model.safetensors, config.json "
                + "and selected_tags.csv" + (seen.isEmpty() ? "" : " (taggers beside it: " + seen + ")"));
    }

    TaggingOptions options() {
        PromptRules ruleSet = switch (rules.toLowerCase(Locale.ROOT)) {
            case "extension" -> PromptRules.EXTENSION;
            case "reference-app", "reference_app", "app" -> PromptRules.REFERENCE_APP;
            default -> throw new CliException("--rules " + rules + " is unknown; allowed: extension, reference-app");
        };
        TaggingOptions.Builder b = TaggingOptions.builder().rules(ruleSet).threshold(threshold)
                .characterThreshold(characterThreshold).generalMcut(mcut).characterMcut(characterMcut)
                .additionalTags(clean(additionalTags)).excludeTags(clean(excludeTags))
                .sortAlphabetically(sortAlphabetically)
                .replaceUnderscore(!keepUnderscores).escapeTags(escape);
        if (underscoreExcludes != null) {
            b.underscoreExcludes(clean(underscoreExcludes));
        }
        return b.build();
    }

    private static List<String> clean(List<String> items) {
        return items.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A tagger without post-processing options: its tags above the threshold make the prompt. */
    private TaggingResult genericResult(List<Tag> tags) {
        List<Tag> kept = tags.stream().filter(t -> t.score() >= threshold).toList();
        String prompt = String.join(", ", kept.stream().map(Tag::name).toList());
        return new TaggingResult(List.of(), List.of(), kept, kept, prompt, threshold, characterThreshold);
    }

    private void print(PrintWriter out, Path file, TaggingResult r) {
        if (promptOnly) {
            out.println(extend != null ? r.extend(extend) : r.prompt());
            return;
        }
        out.println("image: " + file);
        section(out, "ratings", r.ratings());
        section(out, String.format(Locale.ROOT, "character tags (threshold %.4g)", r.characterThreshold()),
                r.characterTags());
        section(out, String.format(Locale.ROOT, "general tags (threshold %.4g)", r.generalThreshold()),
                r.generalTags());
        out.println("prompt: " + r.prompt());
        if (extend != null) {
            out.println("extended: " + r.extend(extend));
        }
    }

    private static void section(PrintWriter out, String title, List<Tag> tags) {
        out.println(title + ":" + (tags.isEmpty() ? " none" : ""));
        for (Tag t : tags) {
            out.printf(Locale.ROOT, "  %-40s %.4f%n", OneLine.sanitize(t.name(), 200), t.score());
        }
    }
}
