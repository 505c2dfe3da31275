package io.sdjava.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.checkpoint.KeyInventory;
import io.sdjava.djl.checkpoint.LdmKeyLayout;
import io.sdjava.djl.checkpoint.WeightSource;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.conformance.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every tensor of a full-size SD 1.5 checkpoint ({@code sd15-keys.json}) maps to exactly one weight of our
 * networks, with the shape they expect; only the schedule buffers and position ids are left over. Uses the
 * real model builders over a shape-only weight source, so no weights are needed.
 */
class LdmInventoryTest {
    @Test
    void everySd15TensorMapsToTheModel() throws Exception {
        Map<String, TensorInfo> inventory = KeyInventory.read(Fixtures.area("models").resolve("sd15-keys.json"));
        ArchitectureConfig config = ArchitectureConfig.of(inventory, null);
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray placeholder = manager.zeros(new ai.djl.ndarray.types.Shape(1));
            WeightSource shapesOnly = (key, shape, transposed) -> {
                TensorInfo info = inventory.get(key);
                if (info == null) {
                    problems.add("model reads " + key + " which the checkpoint lacks");
                } else if (!Arrays.equals(info.shape(), shape)) {
                    problems.add(key + " is " + Arrays.toString(info.shape()) + " but read as "
                            + Arrays.toString(shape));
                }
                if (!used.add(key)) {
                    problems.add(key + " read twice");
                }
                return shape.length == 1 ? manager.zeros(new ai.djl.ndarray.types.Shape(shape)) : placeholder;
            };
            ClipTextModel.load(shapesOnly.at(LdmKeyLayout.TEXT), config.textEncoder());
            UNetModel.load(shapesOnly.at(LdmKeyLayout.UNET), config.unet());
            AutoencoderKl.load(shapesOnly.at(LdmKeyLayout.VAE), config.vae());
        }
        assertEquals(List.of(), problems);
        Set<String> left = new TreeSet<>(inventory.keySet());
        left.removeAll(used);
        left.removeIf(LdmKeyLayout::isBuffer);
        assertEquals(Set.of(), left, "checkpoint tensors no network reads");
        assertEquals(inventory.size() - 13, used.size());
        assertTrue(inventory.containsKey(LdmKeyLayout.POSITION_IDS));
    }
}
