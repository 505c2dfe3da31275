package io.sdjava.djl.infotext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfotextBuilderTest {
    @Test
    void writesPythonStrOfValues() {
        assertEquals("7.0", InfotextBuilder.pythonStr(7.0));
        assertEquals("7", InfotextBuilder.pythonStr(7));
        assertEquals("0.45", InfotextBuilder.pythonStr(0.45));
        assertEquals("1e-05", InfotextBuilder.pythonStr(1e-5));
        assertEquals("1.5e+16", InfotextBuilder.pythonStr(1.5e16));
        assertEquals("True", InfotextBuilder.pythonStr(true));
    }

    @Test
    void fixedKeysKeepTheirOrderAndExtrasFollowInInsertionOrder() {
        Map<String, String> lora = new LinkedHashMap<>();
        lora.put("a:b", "0123456789ab");
        String text = new InfotextBuilder("p", "")
                .put("Eta", 0.5)
                .loraHashes(lora)
                .basics(4, "Euler a", "Automatic", 7.0, 1, 64, 64)
                .put("Denoising strength", 0.6)
                .build();
        assertEquals("p\nSteps: 4, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.0, Seed: 1, Size: 64x64, "
                + "Denoising strength: 0.6, Eta: 0.5, Lora hashes: \"ab: 0123456789ab\", Version: v1.10.1", text);
    }

    @Test
    void roundTripsThroughTheParser() {
        String text = new InfotextBuilder("a \"quoted\", prompt", "neg\nline")
                .basics(20, "DPM++ 2M", "Karras", 6.5, 42, 512, 768)
                .put("Hires prompt", "x, y: z")
                .build();
        Map<String, Object> parsed = InfotextParser.standard().parse(text);
        assertEquals("a \"quoted\", prompt", parsed.get("Prompt"));
        assertEquals("neg\nline", parsed.get("Negative prompt"));
        assertEquals("x, y: z", parsed.get("Hires prompt"));
        assertEquals("768", parsed.get("Size-2"));
    }

    @Test
    void pngChunksRejectCorruptFiles() {
        assertThrows(IllegalArgumentException.class, () -> PngChunks.read(new byte[] {1, 2, 3}));
        byte[] png = PngChunks.write(java.util.List.of(new PngChunks.Chunk("IHDR", new byte[13]),
                new PngChunks.Chunk("IEND", new byte[0])));
        png[20] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> PngChunks.read(png));
    }

    @Test
    void textChunkIsLatin1OrUncompressedItxt() {
        assertEquals("tEXt", PngChunks.textChunk("parameters", "café").type());
        assertEquals("iTXt", PngChunks.textChunk("parameters", "猫").type());
        byte[] png = PngChunks.write(java.util.List.of(new PngChunks.Chunk("IHDR", new byte[13]),
                new PngChunks.Chunk("IEND", new byte[0])));
        assertEquals("猫 ☕", PngChunks.text(PngChunks.withText(png, "parameters", "猫 ☕"), "parameters").orElseThrow());
    }
}
