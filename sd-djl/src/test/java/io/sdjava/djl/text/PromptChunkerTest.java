package io.sdjava.djl.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.InvalidRequestException;
import io.sdjava.djl.prompt.EmphasisMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layout rules with a word-per-token stand-in tokenizer (no native code). */
class PromptChunkerTest {
    private static final Map<String, Integer> VOCAB = Map.of("cat", 2368, "dog", 1929, ",", 267, "emb", 900,
            "b", 901, "bird", 3329);
    private static final TokenEncoder WORDS = texts -> texts.stream().map(PromptChunkerTest::words).toList();
    private static final EmbeddingVocabulary EMB = () -> List.of(new EmbeddingVocabulary.Entry("emb b", 3));

    private static int[] words(String text) {
        List<Integer> ids = new ArrayList<>();
        for (String w : text.replace(",", " , ").trim().split("\\s+")) {
            if (!w.isEmpty()) {
                ids.add(VOCAB.getOrDefault(w, 1));
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String repeat(String word, int n) {
        return String.join(" ", java.util.Collections.nCopies(n, word));
    }

    @Test
    void emptyPromptIsOnePaddedChunk() {
        ChunkLayout l = PromptChunker.withDefaults(WORDS, EmbeddingVocabulary.NONE).layout("");
        assertEquals(1, l.chunks().size());
        int[] expected = new int[77];
        Arrays.fill(expected, ClipTokenizer.EOS);
        expected[0] = ClipTokenizer.BOS;
        assertArrayEquals(expected, l.chunks().get(0).tokens());
    }

    @Test
    void commaBacktrackMovesTheTailToTheNextChunk() {
        String text = repeat("cat", 60) + " , " + repeat("dog", 20);
        ChunkLayout on = PromptChunker.withDefaults(WORDS, EmbeddingVocabulary.NONE).layout(text);
        assertEquals(ClipTokenizer.COMMA, on.chunks().get(0).tokens()[61]);
        assertEquals(ClipTokenizer.EOS, on.chunks().get(0).tokens()[62]);
        assertEquals(1929, on.chunks().get(1).tokens()[20]);
        ChunkLayout off = new PromptChunker(WORDS, EmbeddingVocabulary.NONE, EmphasisMode.ORIGINAL, 0).layout(text);
        assertEquals(1929, off.chunks().get(0).tokens()[75]);
        assertEquals(1929, off.chunks().get(1).tokens()[6]);
        assertEquals(ClipTokenizer.EOS, off.chunks().get(1).tokens()[7]);
    }

    @Test
    void embeddingSlotStaysBehindWhenBacktrackMovesIt() {
        String text = repeat("cat", 60) + " , dog emb b bird " + repeat("cat", 20);
        ChunkLayout l = PromptChunker.withDefaults(WORDS, EMB).layout(text);
        assertEquals(List.of(new EmbeddingSlot(62, "emb b", 3)), l.chunks().get(0).slots());
        assertEquals(List.of(), l.chunks().get(1).slots());
        assertArrayEquals(new int[] {ClipTokenizer.BOS, 1929, 0, 0, 0, 3329},
                Arrays.copyOf(l.chunks().get(1).tokens(), 6));
    }

    @Test
    void breakAndWeights() {
        ChunkLayout l = PromptChunker.withDefaults(WORDS, EmbeddingVocabulary.NONE).layout("BREAK (cat:1.3) dog");
        assertEquals(2, l.chunks().size());
        assertEquals(1.3, l.chunks().get(1).multipliers()[1]);
        assertEquals(1.0, l.chunks().get(1).multipliers()[2]);
        ChunkLayout none = new PromptChunker(WORDS, EmbeddingVocabulary.NONE, EmphasisMode.NONE, 20)
                .layout("BREAK (cat:1.3)");
        assertEquals(1, none.chunks().size());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(InvalidRequestException.class,
                () -> new PromptChunker(WORDS, EmbeddingVocabulary.NONE, EmphasisMode.ORIGINAL, 75));
        assertThrows(InvalidRequestException.class, () -> new PromptChunker(WORDS,
                () -> List.of(new EmbeddingVocabulary.Entry("big", 76)), EmphasisMode.ORIGINAL, 20));
    }

    @Test
    void batchesPadShorterTextsWithEmptyChunks() {
        PromptChunker chunker = PromptChunker.withDefaults(WORDS, EmbeddingVocabulary.NONE);
        List<List<PromptChunk>> batches = ChunkBatches.of(List.of(chunker.layout("cat"),
                chunker.layout("cat BREAK dog")));
        assertEquals(2, batches.size());
        assertEquals(PromptChunk.empty(), batches.get(1).get(0));
        assertEquals(1929, batches.get(1).get(1).tokens()[1]);
        assertEquals(1.0f, batches.get(0).get(0).multipliersFloat32()[1]);
    }
}
