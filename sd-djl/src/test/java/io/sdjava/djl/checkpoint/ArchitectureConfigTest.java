package io.sdjava.djl.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import io.sdjava.UnsupportedModelException;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchitectureConfigTest {
    private static final Path MODELS = Fixtures.area("models");

    @Test
    void readsTinyYamlIncludingTextEncoderBlock() {
        ArchitectureConfig c;
        try (StateDict sd = SafetensorsReader.open(MODELS.resolve("tiny-sd1.safetensors"))) {
            c = ArchitectureConfig.of(sd);
        }
        assertEquals(new UNetConfig(4, 4, 32, List.of(1, 2), 1, List.of(1, 2), 2, -1, 1, 24, false), c.unet());
        assertEquals(new VaeConfig(3, 3, 32, List.of(1, 1, 1, 2), 1, 4, true, 4), c.vae());
        assertEquals(new TextEncoderConfig(49408, 24, 96, 3, 2, 77, "quick_gelu", 1e-5), c.textEncoder());
        assertEquals(new ScheduleConfig(0.00085, 0.012, 1000), c.schedule());
        assertEquals(0.18215, c.scaleFactor());
    }

    @Test
    void infersTinyShapesLikeTheYamlExceptHeadCounts() throws Exception {
        Map<String, TensorInfo> tensors = infos(MODELS.resolve("tiny-sd1-fp16.safetensors"));
        ArchitectureConfig inferred = ArchitectureConfig.of(tensors, null);
        ArchitectureConfig yaml = ArchitectureConfig.of(tensors, MODELS.resolve("tiny-sd1.yaml"));
        assertEquals(yaml.vae(), inferred.vae());
        UNetConfig u = inferred.unet();
        assertEquals(yaml.unet(), new UNetConfig(u.inChannels(), u.outChannels(), u.modelChannels(), u.channelMult(),
                u.numResBlocks(), u.attentionResolutions(), 2, u.numHeadChannels(), u.transformerDepth(),
                u.contextDim(), u.linearProjection()));
        assertEquals(8, u.numHeads(), "SD 1.x default heads when no yaml says otherwise");
        TextEncoderConfig t = inferred.textEncoder();
        assertEquals(yaml.textEncoder().hiddenSize(), t.hiddenSize());
        assertEquals(yaml.textEncoder().numLayers(), t.numLayers());
        assertEquals(yaml.textEncoder().intermediateSize(), t.intermediateSize());
    }

    @Test
    void infersSd15FromTheInventory() throws Exception {
        ArchitectureConfig c = ArchitectureConfig.of(KeyInventory.read(MODELS.resolve("sd15-keys.json")), null);
        ArchitectureConfig sd1 = ArchitectureConfig.sd1();
        assertEquals(sd1.vae(), c.vae());
        assertEquals(sd1.textEncoder(), c.textEncoder());
        assertEquals(new HashSet<>(sd1.unet().attentionResolutions()), new HashSet<>(c.unet().attentionResolutions()));
        assertEquals(sd1.unet().channelMult(), c.unet().channelMult());
        assertEquals(sd1.unet().modelChannels(), c.unet().modelChannels());
        assertEquals(sd1.unet().numResBlocks(), c.unet().numResBlocks());
        assertEquals(sd1.unet().contextDim(), c.unet().contextDim());
        assertEquals(sd1.unet().numHeads(), c.unet().numHeads());
    }

    @Test
    void refusesSd21() throws Exception {
        Map<String, TensorInfo> sd21 = KeyInventory.read(MODELS.resolve("sd21-keys.json"));
        assertEquals(ModelFamily.SD2, ModelFamily.detect(sd21.keySet()));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> ArchitectureConfig.of(sd21, null));
        assertTrue(e.getMessage().contains("SD 2.x") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void refusesSdxl() {
        Map<String, TensorInfo> keys = new LinkedHashMap<>();
        for (String k : List.of("conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight",
                "conditioner.embedders.1.model.token_embedding.weight",
                "model.diffusion_model.input_blocks.0.0.weight")) {
            keys.put(k, new TensorInfo(k, TensorDType.F16, new long[] {1}));
        }
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> ArchitectureConfig.of(keys, null));
        assertTrue(e.getMessage().contains("SDXL") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void rejectsNonSdFiles() {
        Map<String, TensorInfo> keys = Map.of("body.0.weight", new TensorInfo("body.0.weight", TensorDType.F32,
                new long[] {3}));
        assertThrows(ModelLoadException.class, () -> ArchitectureConfig.of(keys, null));
    }

    @Test
    void refusesVPredictionYaml(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(MODELS.resolve("tiny-sd1.yaml")).replace("    linear_start:",
                "    parameterization: v\n    linear_start:");
        Path file = dir.resolve("v.yaml");
        Files.writeString(file, yaml);
        Map<String, TensorInfo> tensors = infos(MODELS.resolve("tiny-sd1.safetensors"));
        assertThrows(UnsupportedModelException.class, () -> ArchitectureConfig.of(tensors, file));
    }

    @Test
    void yamlBesideUsesTheCheckpointStem() {
        assertEquals(Path.of("/m/a.b.yaml"), ArchitectureConfig.yamlBeside(Path.of("/m/a.b.safetensors")));
    }

    @Test
    void computedAlphasCumprodMatchesTheStoredBuffer() {
        try (StateDict sd = SafetensorsReader.open(MODELS.resolve("tiny-sd1.safetensors"))) {
            float[] stored = sd.toFloatArray(LdmKeyLayout.ALPHAS_CUMPROD);
            double[] computed = ScheduleConfig.sd().alphasCumprod();
            for (int i = 0; i < stored.length; i++) {
                assertEquals(stored[i], computed[i], Math.ulp(stored[i]), "alphas_cumprod[" + i + "]");
            }
        }
    }

    static Map<String, TensorInfo> infos(Path file) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        try (StateDict sd = SafetensorsReader.open(file)) {
            for (String k : sd.keys()) {
                out.put(k, sd.info(k));
            }
        }
        return out;
    }
}
