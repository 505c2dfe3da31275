package io.sdjava.djl.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkLibraryTest {
    @TempDir
    Path dir;

    private Path safetensors(Path file, String outputName) throws IOException {
        String header = outputName == null ? "{}" : "{\"__metadata__\":{\"ss_output_name\":\"" + outputName + "\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.createDirectories(file.getParent());
        return Files.write(file, b.array());
    }

    @Test
    void findsByStemRecursivelyAndByAlias() throws IOException {
        Path a = safetensors(dir.resolve("styles/pixel.safetensors"), "pixel_v2_final");
        Path b = Files.write(dir.resolve("detail.pt"), new byte[] {1});
        NetworkLibrary lib = NetworkLibrary.scan(dir);
        assertEquals(a, lib.find("pixel"));
        assertEquals(a, lib.find("pixel_v2_final"));
        assertEquals(b, lib.find("detail"));
    }

    @Test
    void laterFileWithSameStemWinsAndClashingAliasIsForbidden() throws IOException {
        safetensors(dir.resolve("a/same.safetensors"), "shared");
        Path later = safetensors(dir.resolve("b/same.safetensors"), null);
        Path named = safetensors(dir.resolve("b/shared.safetensors"), null);
        NetworkLibrary lib = NetworkLibrary.scan(dir);
        assertEquals(later, lib.find("same"));
        assertEquals(named, lib.find("shared"));
    }

    @Test
    void unknownNameListsClosestMatches() throws IOException {
        safetensors(dir.resolve("pixel-art.safetensors"), null);
        safetensors(dir.resolve("watercolor.safetensors"), null);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> NetworkLibrary.scan(dir).find("pixelart"));
        assertTrue(e.getMessage().contains("'pixelart' not found"), e.getMessage());
        assertTrue(e.getMessage().indexOf("pixel-art") < e.getMessage().indexOf("watercolor"), e.getMessage());
    }

    @Test
    void missingFolderIsAClearError() {
        assertThrows(InvalidRequestException.class, () -> NetworkLibrary.scan(dir.resolve("nope")));
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        assertTrue(NetworkLibrary.naturalKey("v2").compareTo(NetworkLibrary.naturalKey("v10")) < 0);
    }
}
