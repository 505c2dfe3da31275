package io.sdjava.djl.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sdjava.ModelLoadException;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClipTokenizerTest {
    private static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = ClipTokenizer.load(Fixtures.area("text").resolve("clip-vit-large-patch14/tokenizer.json"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void specialTokensInAnyCase() {
        assertArrayEquals(new int[] {ClipTokenizer.EOS}, tokenizer.encode("<|ENDOFTEXT|>"));
        assertArrayEquals(new int[] {320, ClipTokenizer.BOS, 321}, tokenizer.encode("a <|startoftext|> b"));
        assertArrayEquals(new int[0], tokenizer.encode(""));
    }

    @Test
    void noTruncation() {
        assertEquals(600, tokenizer.encode("cat ".repeat(600)).length);
    }

    @Test
    void concurrentEncodingGivesTheSameIds() throws Exception {
        List<String> texts = List.of("a photo of a cat", "“curly” ﬁne", "(masterpiece:1.2), 1girl", "猫が好き");
        List<int[]> sequential = tokenizer.encode(texts);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<int[]>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> tokenizer.encode(texts)));
            }
            for (Future<List<int[]>> f : results) {
                List<int[]> got = f.get();
                for (int t = 0; t < texts.size(); t++) {
                    assertArrayEquals(sequential.get(t), got.get(t));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingFileIsAModelLoadException() {
        assertThrows(ModelLoadException.class, () -> ClipTokenizer.load(Path.of("does-not-exist/tokenizer.json")));
    }
}
