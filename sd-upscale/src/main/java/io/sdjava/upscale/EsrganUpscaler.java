package io.sdjava.upscale;

import ai.djl.ndarray.NDManager;
import io.sdjava.io.StateDict;
import java.nio.file.Path;

/**
 * An ESRGAN-family upscaler as the WebUI runs it: {@link ScaleLoop} around {@link TiledUpscaler} around
 * {@link EsrganPatchUpscaler}. Owns its network weights; close to free them. Not thread-safe (one call at a
 * time), since tiles run on scratch managers under the shared parent.
 */
final class EsrganUpscaler implements AutoCloseable {
    private final RrdbNet net;
    private final NDManager manager;
    private final EsrganPatchUpscaler patch;
    private final TiledUpscaler tiler;

    private EsrganUpscaler(RrdbNet net, NDManager manager, TiledUpscaler tiler) {
        this.net = net;
        this.manager = manager;
        this.patch = new EsrganPatchUpscaler(net, manager);
        this.tiler = tiler;
    }

    /**
     * @param weights an ESRGAN/Real-ESRGAN weights file
     * @param parent the manager under which this upscaler's managers are created
     * @param tileSize tile edge in input pixels (0 = untiled; the WebUI default is 192)
     * @param overlap tile overlap (the WebUI default is 8)
     * @return the upscaler
     */
    static EsrganUpscaler load(Path weights, NDManager parent, int tileSize, int overlap) {
        TiledUpscaler tiler = new TiledUpscaler(tileSize, overlap);
        NDManager manager = parent.newSubManager();
        manager.setName("esrgan:" + weights.getFileName());
        try (StateDict stateDict = EsrganWeights.open(weights)) {
            return new EsrganUpscaler(RrdbNet.load(stateDict, manager), manager, tiler);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the network's own scale factor */
    int modelScale() {
        return net.architecture().scale();
    }

    /**
     * One (tiled) model pass.
     *
     * @param image the input
     * @param listener tile progress, may be {@code null}
     * @return the image at {@link #modelScale()} times the size
     */
    RgbImage upscaleOnce(RgbImage image, TiledUpscaler.TileListener listener) {
        return tiler.upscale(image, patch::upscale, listener);
    }

    /**
     * Model passes until {@code scale} is reached, then a LANCZOS resize to the WebUI's target size.
     *
     * @param image the input
     * @param scale the factor
     * @param listener tile progress of each pass, may be {@code null}
     * @return the result
     */
    RgbImage upscale(RgbImage image, double scale, TiledUpscaler.TileListener listener) {
        return ScaleLoop.upscale(image, scale, img -> upscaleOnce(img, listener));
    }

    @Override
    public void close() {
        try {
            net.close();
        } finally {
            manager.close();
        }
    }
}
