package io.sdjava.djl;

/** Short hashes of the extra files a generation used, for the infotext's {@code Lora hashes} and {@code TI hashes}. */
public interface InfotextHashes {
    /**
     * @param name a LoRA name as written in a {@code <lora:...>} tag
     * @return its 12-hex short hash, or null to leave it out
     */
    String lora(String name);

    /**
     * @param name a textual-inversion embedding's name
     * @return the 12-hex short hash of its file, or null to leave it out
     */
    String embedding(String name);
}
