package io.sdjava.djl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sdjava.InvalidRequestException;
import io.sdjava.ModelLoadException;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.checkpoint.LdmKeyLayout;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StableDiffusionModelTest {
    private static final Path MODELS = Fixtures.area("models");
    private static final Path TINY = MODELS.resolve("tiny-sd1.safetensors");

    @Test
    void loadsByPathWithTheYamlBeside() {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            assertEquals(2, sd.config().textEncoder().numHeads());
            assertEquals(1000, sd.alphasCumprod().length);
            assertTrue(sd.weights().getName().contains("tiny-sd1"));
        }
    }

    @Test
    void missingKeysAreAllListed() {
        String a = LdmKeyLayout.UNET + "out.2.bias";
        String b = LdmKeyLayout.VAE + "decoder.conv_in.weight";
        String c = LdmKeyLayout.TEXT + "final_layer_norm.weight";
        try (NDManager root = NDManager.newBaseManager();
                StateDict sd = FilteredStateDict.of(SafetensorsReader.open(TINY), Set.of(a, b, c), Map.of())) {
            ArchitectureConfig config = tinyConfig();
            ModelLoadException e = assertThrows(ModelLoadException.class,
                    () -> StableDiffusionModel.load(sd, config, root));
            assertTrue(e.getMessage().contains("3 missing keys"), e.getMessage());
            for (String key : Set.of(a, b, c)) {
                assertTrue(e.getMessage().contains(key), e.getMessage());
            }
            assertEquals(0, root.getManagedArrays().size(), "weights freed after a failed load");
        }
    }

    @Test
    void extraKeysAndMissingBuffersAreFine() {
        String ema = "model_ema.diffusion_modelout2weight";
        Set<String> buffers = Set.copyOf(LdmKeyLayout.SCHEDULE_BUFFERS);
        try (NDManager root = NDManager.newBaseManager();
                StateDict sd = FilteredStateDict.of(SafetensorsReader.open(TINY),
                        union(buffers, LdmKeyLayout.POSITION_IDS),
                        Map.of(ema, LdmKeyLayout.UNET + "out.2.weight", "optimizer.state", LdmKeyLayout.UNET
                                + "out.2.bias"))) {
            ArchitectureConfig config = tinyConfig();
            try (StableDiffusionModel model = StableDiffusionModel.load(sd, config, root);
                    StateDict original = SafetensorsReader.open(TINY)) {
                float[] stored = original.toFloatArray(LdmKeyLayout.ALPHAS_CUMPROD);
                double[] computed = model.alphasCumprod();
                for (int i = 0; i < stored.length; i++) {
                    assertEquals(stored[i], computed[i], Math.ulp(stored[i]));
                }
            }
        }
    }

    @Test
    void fp16AlphasCumprodAreTakenAsStored() {
        try (StateDict f16 = SafetensorsReader.open(MODELS.resolve("tiny-sd1-fp16.safetensors"));
                StateDict f32 = SafetensorsReader.open(TINY);
                NDManager root = NDManager.newBaseManager()) {
            ArchitectureConfig config = ArchitectureConfig.of(f32);
            try (StableDiffusionModel model = StableDiffusionModel.load(f16, config, root)) {
                float[] expected = f16.toFloatArray(LdmKeyLayout.ALPHAS_CUMPROD);
                double[] actual = model.alphasCumprod();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 0.0);
                }
            }
        }
    }

    @Test
    void forwardsLeaveOnlyTheirResultsAndNeverAllocateOnWeights() {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            sd.weights().cap();
            int weightCount = sd.weights().getManagedArrays().size();
            try (NDManager gen = root.newSubManager()) {
                NDArray ids = gen.create(new long[] {49406, 320, 1125, 49407, 49407}, new Shape(1, 5));
                NDArray x = gen.ones(new Shape(2, 4, 8, 8));
                int baseline = gen.getManagedArrays().size();
                NDArray context = sd.textEncoder().encode(ids, 2);
                NDArray both = context.concat(context, 0);
                NDArray eps = sd.unet().forward(x, new double[] {999, 1.5}, both);
                NDArray decoded = sd.vae().decode(eps);
                NDArray moments = sd.vae().encodeMoments(decoded);
                assertEquals(baseline + 5, gen.getManagedArrays().size(), "inputs, 5 results, no intermediates");
                assertEquals(new Shape(2, 8, 8, 8), moments.getShape());
                assertEquals(new Shape(2, 3, 64, 64), decoded.getShape());
            }
            assertEquals(weightCount, sd.weights().getManagedArrays().size());
        }
    }

    @Test
    void weightsSurviveGarbageCollection() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            NDArray ids = root.create(new long[] {49406, 320, 1125, 49407}, new Shape(1, 4));
            float[] before = sd.textEncoder().encode(ids, 2).toFloatArray();
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
                for (int j = 0; j < 50; j++) {
                    ByteBuffer.allocateDirect(1 << 20).put(0, (byte) 1);
                }
            }
            assertArrayEquals(before, sd.textEncoder().encode(ids, 2).toFloatArray(), 0f,
                    "weights must not live in memory the GC may free");
        }
    }

    @Test
    void unetAcceptsLatentsThatAreNotMultiplesOfItsDownsampling() {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            NDArray eps = sd.unet().forward(root.ones(new Shape(1, 4, 7, 5)), new double[] {10},
                    root.ones(new Shape(1, 77, 24)));
            assertEquals(new Shape(1, 4, 7, 5), eps.getShape());
        }
    }

    @Test
    void legacyClipKeysWithoutTextModelAreRenamed() {
        try (NDManager root = NDManager.newBaseManager(); StateDict full = SafetensorsReader.open(TINY)) {
            Set<String> modern = new HashSet<>();
            Map<String, String> legacy = new HashMap<>();
            for (String k : full.keys()) {
                if (k.startsWith(LdmKeyLayout.TEXT)) {
                    modern.add(k);
                    legacy.put("cond_stage_model.transformer." + k.substring(LdmKeyLayout.TEXT.length()), k);
                }
            }
            NDArray ids = root.create(new long[] {49406, 320, 49407}, new Shape(1, 3));
            try (StateDict old = FilteredStateDict.of(SafetensorsReader.open(TINY), modern, legacy);
                    StableDiffusionModel reference = StableDiffusionModel.load(full, tinyConfig(), root);
                    StableDiffusionModel renamed = StableDiffusionModel.load(old, ArchitectureConfig.of(old), root)) {
                assertEquals(reference.config(), renamed.config());
                assertArrayEquals(reference.textEncoder().encode(ids, 1).toFloatArray(),
                        renamed.textEncoder().encode(ids, 1).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void concurrentForwardsMatchSequentialOnes() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            Callable<float[]> job = () -> {
                try (NDManager gen = root.newSubManager()) {
                    NDArray ids = gen.create(new long[] {49406, 320, 1125, 49407}, new Shape(1, 4));
                    NDArray context = sd.textEncoder().encode(ids, 1);
                    NDArray eps = sd.unet().forward(gen.ones(new Shape(1, 4, 8, 8)), new double[] {321.5}, context);
                    return sd.vae().decode(eps).toFloatArray();
                }
            };
            float[] sequential = job.call();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<float[]>> futures = pool.invokeAll(
                        Collections.nCopies(4, job));
                for (Future<float[]> f : futures) {
                    assertArrayEquals(sequential, f.get(), 1e-6f);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void clipSkipIsValidated() {
        try (NDManager root = NDManager.newBaseManager();
                StableDiffusionModel sd = StableDiffusionModel.load(TINY, root)) {
            NDArray ids = root.create(new long[] {49406, 49407}, new Shape(1, 2));
            assertThrows(InvalidRequestException.class, () -> sd.textEncoder().encode(ids, 0));
            assertThrows(InvalidRequestException.class, () -> sd.textEncoder().encode(ids, 4));
            assertArrayEquals(sd.textEncoder().finalLayerNorm(sd.textEncoder().hiddenStates(ids).get(1))
                    .toFloatArray(), sd.textEncoder().encode(ids, 3).toFloatArray(), 0f);
            NDArray tokens = sd.textEncoder().tokenEmbeddings(ids);
            assertEquals(new Shape(1, 2, 24), tokens.getShape());
            assertArrayEquals(sd.textEncoder().encode(ids, 2).toFloatArray(),
                    sd.textEncoder().encodeEmbeddings(tokens, 2).toFloatArray(), 0f);
        }
    }

    @Test
    void vaeOverrideWithoutPrefixReplacesTheCheckpointVae() {
        try (NDManager root = NDManager.newBaseManager(); StateDict full = SafetensorsReader.open(TINY)) {
            Set<String> vaeKeys = new HashSet<>();
            Map<String, String> unprefixed = new HashMap<>();
            for (String k : full.keys()) {
                if (k.startsWith(LdmKeyLayout.VAE)) {
                    vaeKeys.add(k);
                    unprefixed.put(k.substring(LdmKeyLayout.VAE.length()), k);
                }
            }
            unprefixed.put("model_ema.decay", LdmKeyLayout.ALPHAS_CUMPROD);
            StateDict noVae = FilteredStateDict.of(SafetensorsReader.open(TINY), vaeKeys, Map.of());
            StateDict vaeFile = FilteredStateDict.of(SafetensorsReader.open(TINY), Set.copyOf(full.keys()),
                    unprefixed);
            try (noVae; vaeFile;
                    StableDiffusionModel reference = StableDiffusionModel.load(full, tinyConfig(), root);
                    StableDiffusionModel overridden = StableDiffusionModel.load(noVae, vaeFile, tinyConfig(), root)) {
                NDArray z = root.ones(new Shape(1, 4, 8, 8));
                assertArrayEquals(reference.vae().decode(z).toFloatArray(), overridden.vae().decode(z).toFloatArray(),
                        0f);
                ModelLoadException e = assertThrows(ModelLoadException.class,
                        () -> StableDiffusionModel.load(noVae, null, tinyConfig(), root));
                assertTrue(e.getMessage().contains(vaeKeys.size() + " missing keys"), e.getMessage());
            }
        }
    }

    private static ArchitectureConfig tinyConfig() {
        try (StateDict sd = SafetensorsReader.open(TINY)) {
            return ArchitectureConfig.of(sd);
        }
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> s = new HashSet<>(a);
        s.add(b);
        return s;
    }
}
