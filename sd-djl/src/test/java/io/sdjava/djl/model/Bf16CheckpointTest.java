package io.sdjava.djl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.checkpoint.LdmKeyLayout;
import io.sdjava.djl.checkpoint.StateDictWeights;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.SafetensorsWriter;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BF16 copy of the tiny checkpoint loads (widened to float32 in Java, never a BF16 NDArray) and its UNet
 * stays close to the F32 golden. BF16 keeps 8 mantissa bits, so this is our own loose check, not a README
 * tolerance.
 */
class Bf16CheckpointTest {
    private static final Path MODELS = Fixtures.area("models");

    @Test
    void bf16WeightsAreWidenedAndUsable(@TempDir Path dir) {
        Path bf16 = dir.resolve("tiny-sd1-bf16.safetensors");
        ArchitectureConfig config;
        try (StateDict f32 = SafetensorsReader.open(MODELS.resolve("tiny-sd1.safetensors"))) {
            config = ArchitectureConfig.of(f32);
            SafetensorsWriter writer = new SafetensorsWriter();
            for (String key : f32.keys()) {
                TensorInfo info = f32.info(key);
                if (info.dtype() == TensorDType.F32) {
                    writer.tensor(key, TensorDType.BF16, info.shape(), f32.toFloatArray(key));
                } else {
                    ByteBuffer data = f32.data(key);
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    writer.tensor(key, info.dtype(), info.shape(), bytes);
                }
            }
            writer.write(bf16);
        }
        try (NDManager root = NDManager.newBaseManager();
                StateDict sd = SafetensorsReader.open(bf16);
                StateDict golden = SafetensorsReader.open(MODELS.resolve("goldens/unet_0.safetensors"))) {
            String key = LdmKeyLayout.UNET + "out.2.bias";
            NDArray bias = new StateDictWeights(sd, root).tensor(key, 4);
            assertEquals(DataType.FLOAT32, bias.getDataType());
            assertArrayEquals(sd.toFloatArray(key), bias.toFloatArray(), 0f);
            try (StableDiffusionModel model = StableDiffusionModel.load(sd, config, root)) {
                float[] t = golden.toFloatArray("timesteps");
                NDArray eps = model.unet().forward(golden.toNDArray("x", root), new double[] {t[0], t[1]},
                        golden.toNDArray("context", root));
                float[] expected = golden.toFloatArray("eps");
                float[] actual = eps.toFloatArray();
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
                assertTrue(worst < 0.05 * scale, "bf16 UNet max |diff| " + worst + " vs max |eps| " + scale);
            }
        }
    }
}
