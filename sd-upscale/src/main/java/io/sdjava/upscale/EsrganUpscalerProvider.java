package io.sdjava.upscale;

import ai.djl.ndarray.NDManager;
import io.sdjava.InvalidRequestException;
import io.sdjava.ModelLoadException;
import io.sdjava.spi.Upscaler;
import io.sdjava.spi.UpscalerProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebUI's image upscalers: {@code "None"}, {@code "Lanczos"}, {@code "Nearest"} and the ESRGAN family
 * ({@code "R-ESRGAN 4x+"}, {@code "R-ESRGAN 4x+ Anime6B"}, {@code "R-ESRGAN 2x+"}, {@code "ESRGAN_4x"} and any
 * weights file by its stem), found in the models directory itself or in its {@code ESRGAN}/{@code RealESRGAN}
 * sub-folders. ESRGAN models run tiled in the WebUI's 8-bit path with the WebUI defaults (tile 192, overlap 8)
 * unless configured otherwise. Each result goes through the WebUI's upscaler loop (at most 3 model passes, then
 * LANCZOS). Nothing is downloaded. Thread-safe; the upscalers it creates serialize their calls.
 */
public final class EsrganUpscalerProvider implements UpscalerProvider {
    private static final List<String> PLAIN = List.of("None", "Lanczos", "Nearest");

    /** Receives tile progress of ESRGAN passes (for a CLI progress bar); called on the upscaling thread. */
    @FunctionalInterface
    public interface TileProgress {
        /**
         * @param done tiles finished in the current model pass
         * @param total tiles of the current model pass
         */
        void tileDone(int done, int total);
    }

    private final int tileSize;
    private final int tileOverlap;

    /** Creates a provider with the WebUI's tiling defaults (tile 192, overlap 8). */
    public EsrganUpscalerProvider() {
        this(TiledUpscaler.DEFAULT_TILE_SIZE, TiledUpscaler.DEFAULT_TILE_OVERLAP);
    }

    /**
     * @param tileSize tile edge in input pixels, 0 for untiled (WebUI setting ESRGAN_tile, default 192)
     * @param tileOverlap overlap in input pixels, smaller than the tile (ESRGAN_tile_overlap, default 8)
     * @throws InvalidRequestException if the values are out of range
     */
    public EsrganUpscalerProvider(int tileSize, int tileOverlap) {
        if (tileSize < 0 || tileOverlap < 0 || (tileSize > 0 && tileOverlap >= tileSize)) {
            throw new InvalidRequestException("tile size must be 0 (untiled) or greater than the overlap >= 0, got "
                    + "tile " + tileSize + ", overlap " + tileOverlap);
        }
        this.tileSize = tileSize;
        this.tileOverlap = tileOverlap;
    }

    @Override
    public List<String> ids(Path modelsDir) {
        List<String> ids = new ArrayList<>(PLAIN);
        ids.addAll(modelsDir == null ? EsrganModelLocator.BUILT_IN_NAMES : new EsrganModelLocator(modelsDir).names());
        return List.copyOf(ids);
    }

    @Override
    public Upscaler create(String id, Path modelsDir) {
        return create(id, modelsDir, null);
    }

    /**
     * Like {@link #create(String, Path)}, reporting the tiles of each ESRGAN pass.
     *
     * @param id one of {@link #ids(Path)}
     * @param modelsDir the directory of upscaler model files, or {@code null}
     * @param progress tile progress, or {@code null}
     * @return a new upscaler, owned (and closed) by the caller
     * @throws InvalidRequestException naming the available ids if {@code id} is unknown
     * @throws ModelLoadException naming the paths looked at if the model file is missing or unreadable
     */
    public Upscaler create(String id, Path modelsDir, TileProgress progress) {
        if (id == null) {
            throw new InvalidRequestException("upscaler id is null; available: " + ids(modelsDir));
        }
        switch (id) {
            case "None":
                return new SpiUpscaler((img, scale) -> img, null, true);
            case "Lanczos":
                return new SpiUpscaler((img, scale) -> LanczosResampler.resize(img, (int) (img.width() * scale),
                        (int) (img.height() * scale)), null);
            case "Nearest":
                return new SpiUpscaler((img, scale) -> NearestResampler.resize(img, (int) (img.width() * scale),
                        (int) (img.height() * scale)), null);
            default:
                return createEsrgan(id, modelsDir, progress);
        }
    }

    private Upscaler createEsrgan(String id, Path modelsDir, TileProgress progress) {
        if (!ids(modelsDir).contains(id)) {
            throw new InvalidRequestException("unknown upscaler '" + id + "'; available: " + ids(modelsDir));
        }
        if (modelsDir == null) {
            throw new ModelLoadException("upscaler '" + id + "' needs a model file, but no upscaler models "
                    + "directory is configured");
        }
        Path weights = new EsrganModelLocator(modelsDir).require(id);
        NDManager root = NDManager.newBaseManager();
        root.setName("upscaler:" + id);
        try {
            EsrganUpscaler esrgan = EsrganUpscaler.load(weights, root, tileSize, tileOverlap);
            TiledUpscaler.TileListener listener = progress == null ? null : progress::tileDone;
            return new SpiUpscaler((img, scale) -> esrgan.upscaleOnce(img, listener), () -> {
                try {
                    esrgan.close();
                } finally {
                    root.close();
                }
            });
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }
}
