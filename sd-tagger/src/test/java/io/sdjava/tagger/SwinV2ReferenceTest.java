package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.SdImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * SwinV2 has no timm golden in the fixtures: this checks the DJL forward against an independent numpy
 * re-implementation of timm's SwinTransformerV2 ({@code src/test/python/swinv2_reference.py}) on a tiny random net
 * with shifted-window masks in two stages, patch merging and the continuous position bias.
 */
class SwinV2ReferenceTest {
    private static Path dir() throws Exception {
        return Path.of(SwinV2ReferenceTest.class.getResource("/swinv2-reference").toURI());
    }

    @Test
    void logitsMatchTheNumpyReference() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(dir().resolve("reference.json").toFile());
        float[] input = new ObjectMapper().convertValue(ref.path("input"), float[].class);
        float[] expected = new ObjectMapper().convertValue(ref.path("logits"), float[].class);
        try (WdTagger tagger = WdTagger.load(dir().resolve("model"))) {
            float[] logits = tagger.logits(input);
            assertEquals(expected.length, logits.length);
            double worst = 0;
            for (int i = 0; i < logits.length; i++) {
                worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
            }
            assertTrue(worst <= 1e-5, "max abs logit diff " + worst);

            int baseline = tagger.managedArrayCount();
            SdImage image = SdImage.fromRgb(40, 24, new byte[40 * 24 * 3]);
            assertEquals(tagger.tagNames().size(), tagger.scores(image).length);
            assertEquals(baseline, tagger.managedArrayCount(), "no arrays left behind");
        }
    }
}
