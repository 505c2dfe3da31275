package io.sdjava.djl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipTextNormalizerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "“curly” ‘single’ „low“|\"curly\" 'single' \"low\"",
        "ﬁne ﬀ|fine ff",
        "ＦＵＬＬ ｔｅｘｔ　ＡＢＣ１２３|FULL text ABC123",
        "&amp; &lt;b&gt; &eacute; &#233; &#x41; &bogus;|& <b> é é A &bogus;",
        "a < b &amp; c|a < b &amp; c",
        "mojibake: cafÃ©|mojibake: café",
        "e\u0301|é",
        "plain ascii, (weights:1.2)|plain ascii, (weights:1.2)",
    })
    void fixesLikeFtfy(String input, String expected) {
        assertEquals(expected, ClipTextNormalizer.fix(input));
    }

    @org.junit.jupiter.api.Test
    void removesControlCharactersAndNormalizesLineBreaks() {
        assertEquals("ab", ClipTextNormalizer.fix("a\u0000b"));
        assertEquals("a\nb\nc", ClipTextNormalizer.fix("a\r\nb\rc"));
        assertEquals("tab\tkept", ClipTextNormalizer.fix("tab\tkept"));
    }

    @org.junit.jupiter.api.Test
    void htmlIsLeftAloneFromTheFirstLineWithALessThanSign() {
        assertEquals("&\n<x> &amp;\n&amp;", ClipTextNormalizer.fix("&amp;\n<x> &amp;\n&amp;"));
    }
}
