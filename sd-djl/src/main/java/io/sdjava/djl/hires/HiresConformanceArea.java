package io.sdjava.djl.hires;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.spi.conformance.CaseResult;
import io.sdjava.spi.conformance.ConformanceArea;
import io.sdjava.spi.conformance.ConformanceCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code hires} golden fixtures: A1111's Hires. fix (latent and ESRGAN upscalers) and img2img "Just resize" on
 * the tiny checkpoint, checked stage by stage from each stage's stored input. Needs an {@code UpscalerProvider}
 * (sd-upscale) on the class path for the pixel-upscaler cases. Unknown kinds are listed and fail.
 */
public final class HiresConformanceArea implements ConformanceArea {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "hires";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        Path index = dir.resolve("cases.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
        Path checkpoint = fixturesRoot.resolve("models").resolve(root.path("model").asText("tiny-sd1")
                + ".safetensors");
        HiresFixtures fixtures = new HiresFixtures(dir, checkpoint,
                fixturesRoot.resolve(root.path("upscaler_dir").asText("upscale")),
                fixturesRoot.resolve("text").resolve("clip-vit-large-patch14"));
        List<ConformanceCase> out = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            String kind = c.path("kind").asText();
            switch (kind) {
                case "txt2img_hires" -> out.add(new HiresCase(fixtures, c));
                case "img2img" -> out.add(new Img2ImgCase(fixtures, c));
                default -> out.add(unknown(c.path("name").asText(), kind));
            }
        }
        return List.copyOf(out);
    }

    private static ConformanceCase unknown(String name, String kind) {
        return new ConformanceCase() {
            @Override
            public String id() {
                return "hires/" + name;
            }

            @Override
            public CaseResult run() {
                return CaseResult.fail("not implemented yet: kind " + kind);
            }

            @Override
            public String toString() {
                return id();
            }
        };
    }
}
