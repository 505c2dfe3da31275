package io.sdjava.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.InvalidRequestException;
import io.sdjava.Pipeline;
import io.sdjava.SdImage;
import io.sdjava.spi.conformance.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The samplers the pipeline used to refuse (Brownian-tree noise: the DPM++ SDE family and its schedule variants;
 * timestep samplers for img2img and the Hires. fix second pass) generate through the public API on the tiny model:
 * the same request gives the same image, another seed a different one.
 */
class PipelineSamplersTest {
    private static final List<String> BROWNIAN = List.of("DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun",
            "DPM++ 3M SDE", "DPM++ 2M SDE Karras");
    private static final List<String> TIMESTEPS = List.of("DDIM", "DDIM CFG++", "PLMS", "UniPC");

    private static Pipeline pipeline;
    private static SdImage initImage;

    @BeforeAll
    static void load() {
        pipeline = Pipeline.builder().checkpoint(Fixtures.area("models").resolve("tiny-sd1.safetensors"))
                .tokenizer(Fixtures.area("text").resolve("clip-vit-large-patch14")).build();
        initImage = pipeline.generate(pipeline.newRequest("a house").size(64, 64).steps(2).sampler("Euler a").seed(1)
                .build()).first().image();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    enum Mode { TXT2IMG, IMG2IMG, HIRES }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            BROWNIAN.forEach(s -> out.add(Arguments.of(s, mode)));
            TIMESTEPS.forEach(s -> out.add(Arguments.of(s, mode)));
        }
        return out.stream();
    }

    private static GenerationRequest request(String sampler, Mode mode, long seed) {
        GenerationRequest.Builder b = pipeline.newRequest("a cat").size(64, 64).steps(5).sampler(sampler).seed(seed);
        switch (mode) {
            case IMG2IMG -> b.initImage(initImage).denoisingStrength(0.7);
            case HIRES -> b.steps(2).sampler("Euler a").hires(HiresFix.builder().upscaler("Latent").scale(1.5)
                    .steps(4).denoisingStrength(0.7).sampler(sampler).build());
            default -> { }
        }
        return b.build();
    }

    private static SdImage generate(GenerationRequest r) {
        return pipeline.generate(r).first().image();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void generatesReproduciblyAndSeedsMatter(String sampler, Mode mode) {
        GenerationRequest r = request(sampler, mode, 5);
        SdImage first = generate(r);
        assertEquals(mode == Mode.HIRES ? 96 : 64, first.width());
        assertEquals(first, generate(r), "same seed, same image");
        assertNotEquals(first, generate(request(sampler, mode, 6)), "another seed, another image");
    }

    @Test
    void imageToImageDependsOnTheInitImage() {
        for (String sampler : List.of("DDIM", "UniPC", "DPM++ 2M SDE")) {
            GenerationRequest r = request(sampler, Mode.IMG2IMG, 5);
            SdImage other = generate(pipeline.newRequest("a tree").size(64, 64).steps(2).seed(2).build());
            assertNotEquals(generate(r), generate(r.toBuilder().initImage(other).build()), sampler);
        }
    }

    @Test
    void batchedBrownianImagesKeepTheirSeedsNoise() {
        GenerationRequest r = request("DPM++ 2M SDE", Mode.TXT2IMG, 5).toBuilder().batchSize(2).build();
        List<SdImage> batch = pipeline.generate(r).images().stream().map(i -> i.image()).toList();
        assertNotEquals(batch.get(0), batch.get(1));
        SdImage alone = generate(request("DPM++ 2M SDE", Mode.TXT2IMG, 6));
        assertTrue(maxDifference(alone, batch.get(1)) <= 2, "image 2 of the batch is seed 6's image, differences "
                + maxDifference(alone, batch.get(1)));
    }

    @Test
    void uniPcImageToImageWithFewerStepsThanItsOrderIsRefused() {
        GenerationRequest r = request("UniPC", Mode.IMG2IMG, 5).toBuilder().steps(3).denoisingStrength(0.5).build();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> pipeline.generate(r));
        assertTrue(e.getMessage().contains("UniPC"), e.getMessage());
    }

    private static int maxDifference(SdImage a, SdImage b) {
        byte[] x = a.toRgb();
        byte[] y = b.toRgb();
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
        }
        return max;
    }
}
