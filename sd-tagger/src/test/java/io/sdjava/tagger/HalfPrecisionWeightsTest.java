package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.SdImage;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private static void convert(Path src, Path dst, String dtype) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        ByteBuffer body;
        try (SafetensorsReader in = SafetensorsReader.open(src)) {
            long total = 0;
            for (String key : in.keys()) {
                total += 2 * in.info(key).numel();
            }
            body = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
            for (String key : in.keys()) {
                ObjectNode entry = header.putObject(key);
                entry.put("dtype", dtype);
                entry.set("shape", json.valueToTree(in.info(key).shape()));
                entry.putArray("data_offsets").add(body.position()).add(body.position() + 2 * in.info(key).numel());
                for (float f : in.toFloatArray(key)) {
                    body.putShort(dtype.equals("F16") ? toHalf(f) : toBfloat16(f));
                }
            }
        }
        byte[] h = json.writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(dst)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            out.write(body.array());
        }
    }

    private static short toBfloat16(float f) {
        int bits = Float.floatToIntBits(f);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Round-to-nearest binary16 for normal values; tiny values flush to zero (enough for random weights). */
    private static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp <= 0) {
            return (short) sign;
        }
        int half = sign | (exp << 10) | (mant >> 13);
        if ((mant & 0x1fff) > 0x1000 || ((mant & 0x1fff) == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) Math.min(half, sign | 0x7bff);
    }
}
