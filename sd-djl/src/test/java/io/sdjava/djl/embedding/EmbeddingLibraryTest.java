package io.sdjava.djl.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingLibraryTest {
    private final Path pipelineEmbeddings = Fixtures.area("pipeline").resolve("embeddings");

    @TempDir
    Path tmp;

    @Test
    void loadsEveryFormatOfThePipelineFolderAsTheLoaderYieldsThem() {
        EmbeddingLibrary lib = EmbeddingLibrary.load(pipelineEmbeddings, 24);
        try (SafetensorsReader expected = SafetensorsReader.open(pipelineEmbeddings.resolve("embedding_vectors.safetensors"))) {
            int checked = 0;
            for (String key : expected.keys()) {
                String name = key.substring(0, key.indexOf('/'));
                Embedding e = lib.find(name).orElseThrow(() -> new AssertionError("not registered: " + name));
                assertArrayEquals(expected.toFloatArray(key), e.values(), name);
                assertEquals(expected.info(key).shape()[0], e.vectors(), name);
                checked++;
            }
            assertTrue(checked >= 3, "expected the three fixture embeddings, got " + checked);
        }
        assertEquals(lib.registered().size(), lib.entries().size());
        assertTrue(lib.failed().isEmpty() || lib.failed().keySet().stream().allMatch(f -> f.startsWith("embedding_vectors")),
                lib.failed().toString());
    }

    @Test
    void otherWidthsAreSkippedAndBadFilesReportedWithoutStoppingTheRest() throws IOException {
        Path tiDir = Fixtures.area("networks").resolve("textual_inversion");
        for (String f : new String[] {"MyStyle.pt", "xl_emb.safetensors", "two_terms.pt", "half_vec.pt"}) {
            Files.copy(tiDir.resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        EmbeddingLibrary lib = EmbeddingLibrary.load(tmp, 64);
        assertTrue(lib.find("MyStyle").isPresent());
        assertTrue(lib.find("half_vec").isPresent());
        assertTrue(lib.skipped().containsKey("xl_emb"));
        assertTrue(lib.failed().get("two_terms.pt").contains("multiple terms"), lib.failed().toString());
    }

    @Test
    void missingFolderIsAClearError() {
        assertThrows(ModelLoadException.class, () -> EmbeddingLibrary.load(tmp.resolve("nope"), 768));
    }
}
