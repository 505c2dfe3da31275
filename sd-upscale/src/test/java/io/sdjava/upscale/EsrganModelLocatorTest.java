package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsrganModelLocatorTest {
    @TempDir
    Path models;

    @Test
    void findsBuiltInNamesAndStems() throws IOException {
        Files.createDirectories(models.resolve("RealESRGAN"));
        Files.createDirectories(models.resolve("ESRGAN"));
        Files.writeString(models.resolve("RealESRGAN/RealESRGAN_x4plus_anime_6B.safetensors"), "x");
        Files.writeString(models.resolve("ESRGAN/4x_foolhardy_Remacri.pth"), "x");
        Files.writeString(models.resolve("ESRGAN/readme.txt"), "x");
        EsrganModelLocator locator = new EsrganModelLocator(models);
        assertEquals(models.resolve("RealESRGAN/RealESRGAN_x4plus_anime_6B.safetensors"),
                locator.require("R-ESRGAN 4x+ Anime6B"));
        assertEquals(models.resolve("ESRGAN/4x_foolhardy_Remacri.pth"), locator.require("4x_foolhardy_Remacri"));
        assertEquals(List.of("R-ESRGAN 4x+", "R-ESRGAN 4x+ Anime6B", "R-ESRGAN 2x+", "ESRGAN_4x",
                "4x_foolhardy_Remacri", "RealESRGAN_x4plus_anime_6B"), locator.names());
    }

    @Test
    void missingModelNamesWhereItLooked() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new EsrganModelLocator(models).require("R-ESRGAN 4x+"));
        assertTrue(e.getMessage().contains(models.resolve("RealESRGAN/RealESRGAN_x4plus.pth").toString()),
                e.getMessage());
    }
}
