package io.sdjava.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.InvalidRequestException;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import io.sdjava.spi.conformance.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Hires. fix through the public API: latent and ESRGAN upscalers, a resize box with a crop, a batch of two and
 * img2img with "Just resize" give images of the right size and leave the root manager's array count at its value
 * after loading; an unknown upscaler is refused before anything runs.
 */
class HiresLeakTest {
    @Test
    void hiresAndResizedImageToImageLeaveNoArrays() {
        try (Pipeline pipeline = Pipeline.builder()
                .checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14"))
                .upscalerDir(Fixtures.area("upscale")).build()) {
            NDManager root = ((DjlPipeline) pipeline).rootManager();
            int baseline = root.getManagedArrays().size();
            GenerationRequest base = pipeline.newRequest("a red house").size(64, 64).steps(3).sampler("Euler a")
                    .seed(11).build();
            HiresFix latent = HiresFix.builder().upscaler("Latent (bicubic antialiased)").scale(1.5).steps(2).build();
            SdImage image = generate(pipeline, base.toBuilder().hires(latent).build(), 96, 96);
            assertEquals(baseline, root.getManagedArrays().size(), "after latent hires");
            HiresFix esrgan = HiresFix.builder().upscaler("tiny_x4").resizeX(128).resizeY(96).steps(2)
                    .denoisingStrength(0.5).build();
            generate(pipeline, base.toBuilder().hires(esrgan).batchSize(2).sampler("DPM++ 2M").build(), 128, 96);
            assertEquals(baseline, root.getManagedArrays().size(), "after ESRGAN hires");
            generate(pipeline, base.toBuilder().initImage(image).size(64, 96).denoisingStrength(0.6).build(), 64, 96);
            assertEquals(baseline, root.getManagedArrays().size(), "after img2img");
            GenerationRequest unknown = base.toBuilder().hires(HiresFix.builder().upscaler("SwinIR 9x").build())
                    .build();
            assertThrows(InvalidRequestException.class, () -> pipeline.generate(unknown));
            assertEquals(baseline, root.getManagedArrays().size(), "after a refused request");
        }
    }

    private static SdImage generate(Pipeline pipeline, GenerationRequest request, int width, int height) {
        SdImage image = pipeline.generate(request).first().image();
        assertEquals(width, image.width());
        assertEquals(height, image.height());
        return image;
    }
}
