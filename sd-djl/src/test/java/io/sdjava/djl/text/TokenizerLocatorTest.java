package io.sdjava.djl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerLocatorTest {
    @TempDir
    Path dir;

    @Test
    void lookupOrder() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path ckptDir = Files.createDirectories(dir.resolve("ckpt"));
        Path checkpoint = ckptDir.resolve("model.safetensors");
        assertEquals(Optional.empty(), TokenizerLocator.findLocal(null, checkpoint, models));
        Path inModels = Files.writeString(models.resolve("tokenizer.json"), "{}");
        assertEquals(Optional.of(inModels), TokenizerLocator.findLocal(null, checkpoint, models));
        Path beside = Files.writeString(ckptDir.resolve("tokenizer.json"), "{}");
        assertEquals(Optional.of(beside.toAbsolutePath()), TokenizerLocator.findLocal(null, checkpoint, models));
        assertEquals(Optional.of(inModels), TokenizerLocator.findLocal(models, checkpoint, null));
        assertEquals(Optional.of(beside), TokenizerLocator.findLocal(beside, null, models));
    }

    @Test
    void explicitPathMustExist() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> TokenizerLocator.findLocal(dir.resolve("missing.json"), null, null));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
    }
}
