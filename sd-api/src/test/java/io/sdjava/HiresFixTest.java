package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HiresFixTest {
    @Test
    void defaults() {
        HiresFix h = HiresFix.builder().build();
        assertTrue(h.enabled());
        assertEquals("Latent", h.upscaler());
        assertEquals(2.0, h.scale());
        assertEquals(0, h.resizeX());
        assertEquals(0, h.resizeY());
        assertEquals(0, h.steps());
        assertEquals(0.7, h.denoisingStrength());
        assertNull(h.sampler());
        assertNull(h.scheduler());
        assertNull(h.prompt());
        assertNull(h.negativePrompt());
        assertFalse(HiresFix.disabled().enabled());
    }

    @Test
    void emptyOptionalStringsMeanSameAsFirstPass() {
        HiresFix h = HiresFix.builder().prompt("").negativePrompt("").sampler("").scheduler("").build();
        assertNull(h.prompt());
        assertNull(h.negativePrompt());
        assertNull(h.sampler());
        assertNull(h.scheduler());
        HiresFix same = HiresFix.builder().sampler("Use same sampler").scheduler("use same scheduler").build();
        assertNull(same.sampler());
        assertNull(same.scheduler());
    }

    @Test
    void toBuilderRoundTrips() {
        HiresFix h = HiresFix.builder().upscaler("R-ESRGAN 4x+").scale(1.5).steps(10).denoisingStrength(0.4)
                .sampler("Euler a").scheduler("Karras").prompt("detailed").negativePrompt("bad").build();
        assertEquals(h, h.toBuilder().build());
        assertEquals(3.0, h.toBuilder().scale(3).build().scale());
    }

    @Test
    void validation() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> HiresFix.builder().scale(0.5));
        assertTrue(e.getMessage().contains("hires scale 0.5") && e.getMessage().contains("1.0..8.0"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> HiresFix.builder().denoisingStrength(1.1));
        assertThrows(InvalidRequestException.class, () -> HiresFix.builder().steps(-1));
        assertThrows(InvalidRequestException.class, () -> HiresFix.builder().resizeX(10));
        assertThrows(InvalidRequestException.class, () -> HiresFix.builder().upscaler(""));
    }

    @Test
    void upscaleToFollowsA1111() {
        HiresFix.Size size = HiresFix.builder().scale(1.5).build().upscaleTo(512, 768);
        assertEquals(new HiresFix.Size(768, 1152), size);
        assertEquals(new HiresFix.Size(1024, 1536), HiresFix.builder().resizeX(1024).build().upscaleTo(512, 768));
        assertEquals(new HiresFix.Size(1024, 1536), HiresFix.builder().resizeY(1536).build().upscaleTo(512, 768));
        // both set: cover the target with the source aspect ratio
        assertEquals(new HiresFix.Size(1024, 1536),
                HiresFix.builder().resizeX(1024).resizeY(1024).build().upscaleTo(512, 768));
        assertEquals(new HiresFix.Size(1536, 1024),
                HiresFix.builder().resizeX(1024).resizeY(1024).build().upscaleTo(768, 512));
    }
}
