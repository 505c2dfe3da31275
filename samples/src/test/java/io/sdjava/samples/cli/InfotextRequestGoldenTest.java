package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.RngSource;
import io.sdjava.SdImage;
import io.sdjava.djl.infotext.InfotextParser;
import io.sdjava.spi.SamplerRegistry;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sd generate --from-png}: every infotext of the {@code infotext} fixtures, parsed and mapped onto a
 * request, gives back the request and settings the WebUI generated it from (the fields the API has).
 */
class InfotextRequestGoldenTest {
    private static final SamplerRegistry SAMPLERS = SamplerRegistry.load();
    private static final SdImage INIT = SdImage.fromRgb(1, 1, new byte[3]);

    static Stream<Arguments> images() throws IOException {
        Path file = Fixtures.area("infotext").resolve("infotext_cases.json");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            for (JsonNode image : c.get("images")) {
                out.add(Arguments.of(c.get("name").asText() + "#" + image.get("index").asInt(), c, image));
            }
        }
        assertFalse(out.isEmpty(), "no infotext cases in " + file);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void infotextMapsBackToTheRequest(String name, JsonNode c, JsonNode image) {
        JsonNode req = c.get("request");
        JsonNode settings = c.get("settings");
        boolean img2img = c.get("mode").asText().equals("img2img");
        InfotextRequest info = new InfotextRequest(InfotextParser.standard().parse(image.get("infotext").asText()));
        GenerationRequest.Builder b = GenerationRequest.builder();
        if (img2img) {
            b.initImage(INIT);
        }
        info.applyTo(b, img2img);
        GenerationRequest r = b.build();

        assertEquals(req.get("prompt").asText(), r.prompt());
        assertEquals(req.get("negative_prompt").asText(), r.negativePrompt());
        assertEquals(req.get("steps").asInt(), r.steps());
        assertEquals(req.get("cfg_scale").asDouble(), r.cfgScale());
        assertEquals(req.get("seed").asLong() + image.get("index").asInt(), r.seed());
        assertEquals(req.get("width").asInt(), r.width());
        assertEquals(req.get("height").asInt(), r.height());
        String scheduler = req.path("scheduler").isTextual() ? req.get("scheduler").asText() : null;
        assertEquals(SAMPLERS.resolve(req.get("sampler_name").asText(), scheduler),
                SAMPLERS.resolve(r.sampler(), r.scheduler()));
        assertEquals(settings.path("CLIP_stop_at_last_layers").asInt(1), r.clipSkip());
        assertEquals(settings.path("randn_source").asText("GPU").equals("CPU") ? RngSource.CPU : RngSource.NV,
                r.rngSource());
        assertEquals(req.path("tiling").asBoolean(false), r.tiling());
        assertEquals(settings.path("emphasis").asText("Original"), r.emphasis().displayName());
        if (req.path("seed_enable_extras").asBoolean(false)) {
            assertEquals(req.get("subseed").asLong(), r.subseed());
            assertEquals(req.get("subseed_strength").asDouble(), r.subseedStrength());
            assertEquals(req.path("seed_resize_from_w").asInt(0), r.seedResizeFromW());
            assertEquals(req.path("seed_resize_from_h").asInt(0), r.seedResizeFromH());
        } else {
            assertEquals(0.0, r.subseedStrength());
        }
        if (req.has("eta")) {
            assertEquals(req.get("eta").asDouble(), r.eta());
        }
        if (r.ensd() != 0) {
            assertEquals(settings.get("eta_noise_seed_delta").asInt(), r.ensd());
        }
        if (img2img) {
            assertEquals(req.get("denoising_strength").asDouble(), r.denoisingStrength());
        }
        assertEquals(req.path("enable_hr").asBoolean(false), r.hires().enabled(), "hires enabled");
        if (r.hires().enabled()) {
            checkHires(req, r);
        }
    }

    private static void checkHires(JsonNode req, GenerationRequest r) {
        HiresFix h = r.hires();
        assertEquals(req.get("denoising_strength").asDouble(), h.denoisingStrength());
        assertEquals(req.get("hr_upscaler").asText(), h.upscaler());
        assertEquals(req.path("hr_second_pass_steps").asInt(0), h.steps());
        assertEquals(req.path("hr_resize_x").asInt(0), h.resizeX());
        assertEquals(req.path("hr_resize_y").asInt(0), h.resizeY());
        if (h.resizeX() == 0 && h.resizeY() == 0) {
            assertEquals(req.get("hr_scale").asDouble(), h.scale());
        }
        String sampler = req.path("hr_sampler_name").asText(null);
        assertEquals(sampler == null || sampler.equals(r.sampler()) ? null : sampler, h.sampler());
        String scheduler = req.path("hr_scheduler").asText(null);
        assertEquals(scheduler == null || scheduler.equals(r.scheduler()) ? null : scheduler, h.scheduler());
        String prompt = req.path("hr_prompt").asText("");
        assertEquals(prompt.isEmpty() || prompt.equals(r.prompt()) ? null : prompt, h.prompt());
        String negative = req.path("hr_negative_prompt").asText("");
        assertEquals(negative.isEmpty() || negative.equals(r.negativePrompt()) ? null : negative, h.negativePrompt());
        assertTrue(h.upscaleTo(r.width(), r.height()).width() >= r.width());
    }
}
