package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.InvalidRequestException;
import io.sdjava.ModelLoadException;
import io.sdjava.SdImage;
import io.sdjava.UnsupportedModelException;
import io.sdjava.spi.Tag;
import io.sdjava.spi.Tagger;
import io.sdjava.spi.TaggerProvider;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WdTaggerTest {
    private static Path area() {
        return Fixtures.area("tagger");
    }

    private static Path tinyModel() throws IOException {
        try (var dirs = Files.list(area())) {
            return dirs.filter(p -> Files.isRegularFile(p.resolve(WdTagger.CONFIG_FILE))).sorted().findFirst()
                    .orElseThrow();
        }
    }

    private static SdImage someImage() throws IOException {
        try (var files = Files.list(area().resolve("images"))) {
            return TaggerImageReader.read(files.filter(p -> !p.toString().contains(".pre")).sorted().findFirst()
                    .orElseThrow());
        }
    }

    @Test
    void providerIsFoundThroughServiceLoaderAndListsModelFolders() throws IOException {
        TaggerProvider provider = ServiceLoader.load(TaggerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof WdTaggerProvider).findFirst()
                .orElseThrow();
        List<String> ids = provider.ids(area());
        assertTrue(ids.contains(tinyModel().getFileName().toString()), ids.toString());
        try (Tagger tagger = provider.create(ids.get(0), area())) {
            List<Tag> tags = tagger.tag(someImage());
            for (int i = 1; i < tags.size(); i++) {
                assertTrue(tags.get(i - 1).score() >= tags.get(i).score(), "sorted by score");
            }
        }
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> provider.create("nope", area()));
        assertTrue(e.getMessage().contains(ids.get(0)), e.getMessage());
        assertEquals(List.of(), provider.ids(null));
    }

    @Test
    void repeatedTaggingLeavesNoArraysBehind() throws IOException {
        SdImage image = someImage();
        try (WdTagger tagger = WdTagger.load(tinyModel())) {
            float[] first = tagger.scores(image);
            int baseline = tagger.managedArrayCount();
            assertTrue(baseline > 0, "weights are counted");
            for (int i = 0; i < 5; i++) {
                assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(tagger.scores(image)));
                assertEquals(baseline, tagger.managedArrayCount(), "arrays alive after call " + i);
            }
        }
    }

    @Test
    void concurrentCallsGiveTheSameScores() throws Exception {
        SdImage image = someImage();
        try (WdTagger tagger = WdTagger.load(tinyModel())) {
            String expected = java.util.Arrays.toString(tagger.scores(image));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<String>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    runs.add(pool.submit(() -> java.util.Arrays.toString(tagger.scores(image))));
                }
                for (java.util.concurrent.Future<String> run : runs) {
                    assertEquals(expected, run.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void unknownArchitectureNamesTheSupportedOnes(@TempDir Path dir) throws IOException {
        Path model = tinyModel();
        for (String f : List.of(WdTagger.WEIGHTS_FILE, WdTagger.TAGS_FILE)) {
            Files.copy(model.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve(WdTagger.CONFIG_FILE), "{\"architecture\": \"eva02_large_patch14_448\","
                + " \"num_classes\": 40}");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> WdTagger.load(dir));
        assertTrue(e.getMessage().contains("eva02_large_patch14_448") && e.getMessage().contains("convnext_"),
                e.getMessage());
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WdTagger.load(dir));
        assertTrue(e.getMessage().contains(WdTagger.WEIGHTS_FILE), e.getMessage());
    }

    @Test
    void mismatchedWeightsAreReported(@TempDir Path dir) throws IOException {
        Path model = tinyModel();
        Files.copy(model.resolve(WdTagger.WEIGHTS_FILE), dir.resolve(WdTagger.WEIGHTS_FILE));
        Files.copy(model.resolve(WdTagger.TAGS_FILE), dir.resolve(WdTagger.TAGS_FILE));
        String config = Files.readString(model.resolve(WdTagger.CONFIG_FILE));
        String other = config.contains("convnext")
                ? "{\"architecture\": \"vit_base_patch16_224\", \"num_classes\": 40, \"model_args\": "
                        + "{\"class_token\": false, \"global_pool\": \"avg\", \"fc_norm\": false, \"img_size\": 64}}"
                : "{\"architecture\": \"convnext_tiny\", \"num_classes\": 40}";
        Files.writeString(dir.resolve(WdTagger.CONFIG_FILE), other);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> WdTagger.load(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
