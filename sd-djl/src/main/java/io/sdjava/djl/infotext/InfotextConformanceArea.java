package io.sdjava.djl.infotext;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Golden cases of the {@code infotext} fixtures: A1111's parser on every infotext, the PNG text chunks, and the
 * file hashes. (Writing infotext from a request is checked by the pipeline's own area.)
 */
public final class InfotextConformanceArea implements ConformanceArea {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Predicate<String> usesEmphasis;

    /** Creates the area with A1111's attention parser deciding whether a prompt uses emphasis. */
    public InfotextConformanceArea() {
        this(PromptEmphasis::usesEmphasis);
    }

    InfotextConformanceArea(Predicate<String> usesEmphasis) {
        this.usesEmphasis = usesEmphasis;
    }

    @Override
    public String name() {
        return "infotext";
    }

    @Override
    public List<ConformanceCase> cases(Path fixturesRoot) {
        Path dir = fixturesRoot.resolve(name());
        JsonNode index = readJson(dir.resolve("infotext_cases.json"));
        List<ConformanceCase> cases = new ArrayList<>();
        InfotextParser parser = new InfotextParser(usesEmphasis);
        for (JsonNode c : index.path("cases")) {
            String name = c.path("name").asText();
            for (JsonNode image : c.path("images")) {
                String id = name + "#" + image.path("index").asInt();
                String text = image.path("infotext").asText();
                cases.add(ConformanceCase.of("parse/" + id, () -> compareParsed(parser.parse(text), image.path("parsed"))));
                if (image.hasNonNull("png")) {
                    Path png = dir.resolve(image.path("png").asText());
                    cases.add(ConformanceCase.of("png/" + id, () -> comparePng(png, text, image.path("png_chunks"))));
                }
            }
        }
        for (JsonNode p : index.path("parse_only")) {
            String text = p.path("infotext").asText();
            cases.add(ConformanceCase.of("parse_only/" + p.path("name").asText(),
                    () -> compareParsed(parser.parse(text), p.path("parsed"))));
        }
        JsonNode hashes = readJson(dir.resolve("hashes.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = hashes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Path file = fixturesRoot.resolve(e.getValue().path("file").asText(e.getKey()));
            cases.add(ConformanceCase.of("hash/" + e.getKey(), () -> compareHashes(file, e.getValue())));
        }
        return cases;
    }


    static CaseResult compareParsed(Map<String, Object> actual, JsonNode expected) {
        Map<String, Object> want = JSON.convertValue(expected, LinkedHashMap.class);
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Object> e : want.entrySet()) {
            Object got = actual.get(e.getKey());
            if (!actual.containsKey(e.getKey())) {
                diffs.add("missing '" + e.getKey() + "'");
            } else if (!sameValue(got, e.getValue())) {
                diffs.add("'" + e.getKey() + "': expected " + describe(e.getValue()) + " but was " + describe(got));
            }
        }
        for (String key : actual.keySet()) {
            if (!want.containsKey(key)) {
                diffs.add("unexpected '" + key + "' = " + describe(actual.get(key)));
            }
        }
        return diffs.isEmpty() ? CaseResult.pass() : CaseResult.fail(String.join("; ", diffs));
    }

    private static boolean sameValue(Object got, Object want) {
        if (got instanceof Number g && want instanceof Number w) {
            return g.longValue() == w.longValue() && !(got instanceof Double) && !(want instanceof Double);
        }
        return got != null && got.equals(want);
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")");
    }

    static CaseResult comparePng(Path png, String infotext, JsonNode expectedChunks) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        String text = PngChunks.text(bytes, "parameters").orElse(null);
        if (!infotext.equals(text)) {
            return CaseResult.fail("parameters text of " + png.getFileName() + " differs: " + text);
        }
        CaseResult read = compareChunks(PngChunks.read(bytes), expectedChunks, "read");
        if (!read.passed()) {
            return read;
        }
        List<PngChunks.Chunk> stripped = new ArrayList<>();
        for (PngChunks.Chunk c : PngChunks.read(bytes)) {
            if (!c.isText()) {
                stripped.add(c);
            }
        }
        byte[] rewritten = PngChunks.withText(PngChunks.write(stripped), "parameters", infotext);
        if (!java.util.Arrays.equals(rewritten, bytes)) {
            return CaseResult.fail("rewriting the parameters chunk does not reproduce the file byte for byte");
        }
        return compareChunks(PngChunks.read(rewritten), expectedChunks, "written");
    }

    private static CaseResult compareChunks(List<PngChunks.Chunk> chunks, JsonNode expected, String what) {
        if (chunks.size() != expected.size()) {
            return CaseResult.fail(what + ": " + chunks.size() + " chunks, expected " + expected.size());
        }
        for (int i = 0; i < chunks.size(); i++) {
            PngChunks.Chunk c = chunks.get(i);
            JsonNode e = expected.get(i);
            if (!c.type().equals(e.path("type").asText()) || c.length() != e.path("length").asInt()) {
                return CaseResult.fail(what + ": chunk " + i + " is " + c.type() + "/" + c.length() + ", expected "
                        + e.path("type").asText() + "/" + e.path("length").asInt());
            }
            if (e.has("keyword") && !e.path("keyword").asText().equals(c.keyword().orElse(null))) {
                return CaseResult.fail(what + ": chunk " + i + " keyword " + c.keyword().orElse(null));
            }
            if (e.has("compression_flag")) {
                byte[] d = c.data();
                int pos = c.keyword().orElseThrow().length() + 1;
                if (d[pos] != e.path("compression_flag").asInt() || d[pos + 1] != e.path("compression_method").asInt()
                        || d[pos + 2] != 0 || d[pos + 3] != 0) {
                    return CaseResult.fail(what + ": iTXt header of chunk " + i + " differs");
                }
            }
        }
        return CaseResult.pass();
    }

    static CaseResult compareHashes(Path file, JsonNode expected) {
        List<String> diffs = new ArrayList<>();
        check(diffs, "sha256", expected, FileHashes.sha256(file));
        check(diffs, "legacy_model_hash", expected, FileHashes.legacyModelHash(file));
        if (expected.hasNonNull("model_hash_infotext")) {
            check(diffs, "model_hash_infotext", expected, FileHashes.modelHash(file));
        }
        if (expected.hasNonNull("addnet_hash")) {
            check(diffs, "addnet_hash", expected, FileHashes.addnetHash(file));
        }
        if (expected.hasNonNull("lora_hash_infotext")) {
            check(diffs, "lora_hash_infotext", expected, FileHashes.loraShortHash(file));
        }
        if (expected.hasNonNull("ti_hash_infotext")) {
            check(diffs, "ti_hash_infotext", expected, FileHashes.embeddingShortHash(file));
        }
        return diffs.isEmpty() ? CaseResult.pass() : CaseResult.fail(String.join("; ", diffs));
    }

    private static void check(List<String> diffs, String field, JsonNode expected, String actual) {
        String want = expected.path(field).asText();
        if (!want.equals(actual)) {
            diffs.add(field + ": expected " + want + " but was " + actual);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture index " + file, e);
        }
    }
}
