package io.sdjava.djl.checkpoint;

/**
 * Architecture of a CLIP text transformer (Hugging Face {@code CLIPTextConfig} names).
 *
 * @param vocabSize token embedding rows (49408)
 * @param hiddenSize width (768 for ViT-L/14)
 * @param intermediateSize MLP width (3072)
 * @param numLayers encoder layers (12)
 * @param numHeads attention heads (12)
 * @param maxPositions position embedding rows (77)
 * @param hiddenAct MLP activation, {@code quick_gelu} or {@code gelu}
 * @param layerNormEps layer norm epsilon (1e-5)
 */
public record TextEncoderConfig(int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads,
        int maxPositions, String hiddenAct, double layerNormEps) {
    /** @return CLIP ViT-L/14, the SD 1.x text encoder */
    public static TextEncoderConfig clipVitL14() {
        return new TextEncoderConfig(49408, 768, 3072, 12, 12, 77, "quick_gelu", 1e-5);
    }
}
