package io.sdjava.djl.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.InvalidPromptException;
import io.sdjava.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttentionParserTest {
    @Test
    void nestedBracketsMultiplyInnermostFirst() {
        assertEquals(List.of(new WeightedText("a ", 1.1 * 1.1), new WeightedText("b", 1.5 * 1.1 * 1.1),
                new WeightedText(" c", 1.1 * 1.1), new WeightedText(" d", 1.1)),
                AttentionParser.parse("((a (b:1.5) c) d)"));
        assertEquals(List.of(new WeightedText("cat", 0.8264462809917354)), AttentionParser.parse("[[cat]]"));
    }

    @Test
    void mergesOnlyExactlyEqualNeighbours() {
        assertEquals(List.of(new WeightedText("ab", 1.1)), AttentionParser.parse("(a)(b)"));
        assertEquals(3, AttentionParser.parse("(a) (b)").size());
    }

    @Test
    void escapesBreakAndEmpty() {
        assertEquals(List.of(new WeightedText("(literal]", 1.0)), AttentionParser.parse("\\(literal\\]"));
        assertEquals(List.of(new WeightedText("a  single backslash", 1.0)),
                AttentionParser.parse("a \\ single backslash"));
        List<WeightedText> parts = AttentionParser.parse("a cat BREAK a dog");
        assertTrue(parts.get(1).isBreak());
        assertEquals(List.of(new WeightedText("", 1.0)), AttentionParser.parse(""));
        assertEquals(List.of(new WeightedText("", 1.0)), AttentionParser.parse("(:1.2)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(cat:1.2.3)|1.2.3|5",
        "a photo of (a cat:.)|.|18",
        "x, (dog: 1..5 ), y|1..5|9",
    })
    void invalidWeightNamesTheOffendingText(String prompt, String bad, int position) {
        InvalidPromptException e = assertThrows(InvalidPromptException.class, () -> AttentionParser.parse(prompt));
        assertEquals(bad, e.offendingText());
        assertEquals(position, e.position());
        assertEquals(bad, prompt.substring(e.position(), e.position() + bad.length()));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("position " + position), e.getMessage());
        assertTrue(e.getMessage().contains("(word:1.2)"), e.getMessage());
        assertInstanceOf(InvalidRequestException.class, e);
    }

    @Test
    void invalidWeightMessageQuotesTheBracket() {
        InvalidPromptException e = assertThrows(InvalidPromptException.class,
                () -> AttentionParser.parse("masterpiece, (cat:1.2.3), dog"));
        assertTrue(e.getMessage().contains("\"(cat:1.2.3)\""), e.getMessage());
    }

    @Test
    void weightWithoutOpenBracketIsText() {
        assertEquals(List.of(new WeightedText("cat:1.2.3)", 1.0)), AttentionParser.parse("cat:1.2.3)"));
    }
}
