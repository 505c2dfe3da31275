package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.SdImage;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.SafetensorsWriter;
import io.sdjava.io.TensorDType;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real repos may ship F16 or BF16 weights: a converted tiny model loads and scores close to the F32 one. */
class HalfPrecisionWeightsTest {
    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16"})
    void halfPrecisionCopyScoresLikeF32(String dtype, @TempDir Path dir) throws IOException {
        Path area = Fixtures.area("tagger");
        Path image;
        try (Stream<Path> files = Files.list(area.resolve("images"))) {
            image = files.filter(p -> !p.toString().contains(".pre")).sorted().findFirst().orElseThrow();
        }
        SdImage img = TaggerImageReader.read(image);
        try (Stream<Path> models = Files.list(area)) {
            for (Path model : models.filter(p -> Files.isRegularFile(p.resolve(WdTagger.CONFIG_FILE))).toList()) {
                Path copy = Files.createDirectories(dir.resolve(model.getFileName()));
                Files.copy(model.resolve(WdTagger.CONFIG_FILE), copy.resolve(WdTagger.CONFIG_FILE));
                Files.copy(model.resolve(WdTagger.TAGS_FILE), copy.resolve(WdTagger.TAGS_FILE));
                convert(model.resolve(WdTagger.WEIGHTS_FILE), copy.resolve(WdTagger.WEIGHTS_FILE), dtype);
                float[] full;
                float[] half;
                try (WdTagger a = WdTagger.load(model); WdTagger b = WdTagger.load(copy)) {
                    full = a.scores(img);
                    half = b.scores(img);
                }
                double worst = 0;
                for (int i = 0; i < full.length; i++) {
                    worst = Math.max(worst, Math.abs(full[i] - half[i]));
                }
                double tol = dtype.equals("F16") ? 5e-3 : 3e-2;
                assertTrue(worst <= tol, model.getFileName() + " " + dtype + " max score diff " + worst);
            }
        }
    }

    private static void convert(Path src, Path dst, String dtype) {
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsReader in = SafetensorsReader.open(src)) {
            for (String key : in.keys()) {
                writer.tensor(key, TensorDType.valueOf(dtype), in.info(key).shape(), in.toFloatArray(key));
            }
        }
        writer.write(dst);
    }
}
