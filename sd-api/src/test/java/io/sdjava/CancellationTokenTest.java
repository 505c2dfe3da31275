package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {
    @Test
    void cancelsOnce() {
        CancellationToken token = CancellationToken.create();
        assertDoesNotThrow(token::throwIfCancelled);
        token.cancel();
        token.cancel();
        assertTrue(token.isCancelled());
        assertThrows(GenerationCancelledException.class, token::throwIfCancelled);
    }

    @Test
    void neverTokenCannotBeCancelled() {
        assertThrows(UnsupportedOperationException.class, () -> CancellationToken.never().cancel());
        assertFalse(CancellationToken.never().isCancelled());
        assertEquals("CancellationToken[never]", CancellationToken.never().toString());
    }

    @Test
    void exceptionsShareTheParent() {
        for (SdException e : List.of(new InvalidRequestException("x"), new ModelLoadException("x"),
                new UnsupportedModelException("x"), new BackendUnavailableException("x"),
                new GenerationCancelledException("x"))) {
            assertEquals("x", e.getMessage());
        }
    }

    @Test
    void resultsCopyTheirLists() {
        GeneratedImage image = new GeneratedImage(SdImage.fromRgb(1, 1, new byte[3]), 1, 2, "a cat\nSteps: 20");
        java.util.ArrayList<GeneratedImage> list = new java.util.ArrayList<>(List.of(image));
        GenerationResult result = new GenerationResult(list);
        list.clear();
        assertEquals(image, result.first());
        assertThrows(UnsupportedOperationException.class, () -> result.images().add(image));
        assertThrows(IllegalStateException.class, () -> new GenerationResult(List.of()).first());
    }
}
