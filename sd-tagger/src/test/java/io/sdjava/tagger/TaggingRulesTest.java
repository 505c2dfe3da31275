package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.InvalidRequestException;
import io.sdjava.spi.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaggingRulesTest {
    private static final TagTable TABLE = new TagTable(List.of(
            new TagTable.Label("general", 9), new TagTable.Label("sensitive", 9),
            new TagTable.Label("questionable", 9), new TagTable.Label("explicit", 9),
            new TagTable.Label("long_hair", 0), new TagTable.Label("^_^", 0), new TagTable.Label("\\m/", 0),
            new TagTable.Label("nero_claudius_(fate)", 4), new TagTable.Label("solo", 0)));
    private static final float[] PROBS = {0.9f, 0.1f, 0.05f, 0.01f, 0.8f, 0.6f, 0.5f, 0.7f, 0.35f};

    @Test
    void extensionDefaultsKeepKaomojiUnderscoresAndCompareWidenedFloats() {
        // solo's 0.35f widens to 0.3499999940395355 < 0.35, so it is dropped as in the extension
        TaggingResult r = ExtensionRules.apply(TABLE, PROBS, TaggingOptions.defaults());
        assertEquals("long hair, nero claudius (fate), ^_^, \\m/", r.prompt());
        assertEquals(List.of(new Tag("nero claudius (fate)", 0.699999988079071)), r.characterTags());
        assertEquals(4, r.ratings().size());
    }

    @Test
    void extensionAdditionalExcludeEscapeAndAlphabetical() {
        TaggingOptions o = TaggingOptions.builder().threshold(0.5).additionalTags(List.of("best_quality", "solo"))
                .excludeTags(List.of("long_hair")).escapeTags(true).sortAlphabetically(true).build();
        TaggingResult r = ExtensionRules.apply(TABLE, PROBS, o);
        assertEquals("\\\\m/, ^_^, best quality, nero claudius \\(fate\\), solo", r.prompt());
    }

    @Test
    void additionalTagsComeFirstAndOverwriteInPlace() {
        TaggingOptions o = TaggingOptions.builder().additionalTags(List.of("masterpiece", "solo")).build();
        assertEquals("solo, masterpiece, long hair, nero claudius (fate), ^_^, \\m/",
                ExtensionRules.apply(TABLE, PROBS, o).prompt());
    }

    @Test
    void referenceAppUsesStrictThresholdsAndEscapesOnlyBrackets() {
        TaggingOptions o = TaggingOptions.builder().rules(PromptRules.REFERENCE_APP).threshold(0.5)
                .characterThreshold(0.6).build();
        TaggingResult r = ReferenceAppRules.apply(TABLE, PROBS, o);
        assertEquals("long hair, ^_^", r.prompt());
        assertEquals(List.of(new Tag("nero claudius (fate)", 0.699999988079071)), r.characterTags());
    }

    @Test
    void mcutTakesTheFirstLargestGap() {
        assertEquals(0.55, ReferenceAppRules.mcut(new double[] {0.9, 0.8, 0.3, 0.2}, 0), 1e-12);
        assertEquals(0.75, ReferenceAppRules.mcut(new double[] {0.1, 0.5, 1.0}, 0), 1e-12);
        assertEquals(0.4, ReferenceAppRules.mcut(new double[] {0.3}, 0.4));
    }

    @Test
    void resultExtendsAPrompt() {
        TaggingResult r = ExtensionRules.apply(TABLE, PROBS, TaggingOptions.builder().threshold(0.75).build());
        assertEquals("a cat, long hair", r.extend("a cat"));
        assertEquals("a cat, long hair", r.extend("a cat,"));
        assertEquals("long hair", r.extend(null));
        TaggingResult none = ExtensionRules.apply(TABLE, PROBS, TaggingOptions.builder().threshold(1.0).build());
        assertEquals("a cat", none.extend("a cat"));
    }

    @Test
    void csvCellsMayBeQuoted() {
        assertEquals(List.of("1", "a,b \"c\"", "0", "5"), TagTable.parseLine("1,\"a,b \"\"c\"\"\",0,5"));
    }

    @Test
    void thresholdsAreValidated() {
        assertThrows(InvalidRequestException.class, () -> TaggingOptions.builder().threshold(1.5));
        assertThrows(InvalidRequestException.class, () -> TaggingOptions.builder().characterThreshold(-0.1));
    }
}
