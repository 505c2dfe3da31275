package io.sdjava.djl.hires;

import ai.djl.ndarray.NDManager;
import io.sdjava.djl.checkpoint.ArchitectureConfig;
import io.sdjava.djl.model.StableDiffusionModel;
import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorInfo;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.UpscalerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Where the hires fixtures' inputs are: the case files, the tiny checkpoint of {@code models/} named by
 * {@code cases.json}, and the upscaler models directory ({@code upscaler_dir}, relative to the fixtures root).
 *
 * @param dir the {@code hires} folder
 * @param checkpoint the checkpoint file
 * @param upscalerDir the upscaler models directory
 * @param tokenizerDir the CLIP tokenizer folder ({@code text/clip-vit-large-patch14})
 */
record HiresFixtures(Path dir, Path checkpoint, Path upscalerDir, Path tokenizerDir) {
    /** The loaded model with the VAE helpers; closing it releases the weights. */
    record Model(StableDiffusionModel model, VaeImages images) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    Model loadModel(NDManager parent) {
        Path yaml = checkpoint.resolveSibling(stem(checkpoint) + ".yaml");
        try (StateDict weights = SafetensorsReader.open(checkpoint)) {
            Map<String, TensorInfo> infos = new LinkedHashMap<>();
            for (String k : weights.keys()) {
                infos.put(k, weights.info(k));
            }
            ArchitectureConfig config = ArchitectureConfig.of(infos, Files.isRegularFile(yaml) ? yaml : null);
            StableDiffusionModel model = StableDiffusionModel.load(weights, config, parent);
            return new Model(model, new VaeImages(model.vae(), config.scaleFactor()));
        }
    }

    /**
     * @param name an A1111 upscaler name or model file stem
     * @return the upscaler from the first provider on the class path that lists it
     */
    Upscaler upscaler(String name) {
        for (UpscalerProvider provider : ServiceLoader.load(UpscalerProvider.class)) {
            if (provider.ids(upscalerDir).contains(name)) {
                return provider.create(name, upscalerDir);
            }
        }
        throw new IllegalStateException("no UpscalerProvider on the class path offers '" + name + "' (models in "
                + upscalerDir + "); add io.sdjava:sd-upscale");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
