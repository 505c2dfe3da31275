package io.sdjava.djl.rng;

import io.sdjava.RngSource;
import java.util.Locale;

/** A1111's names for the random number generator source, as written in the infotext's {@code RNG} field. */
public final class RngSourceNames {
    private RngSourceNames() {}

    /**
     * @param source a source
     * @return its A1111 name: {@code "CPU"} or {@code "NV"}
     */
    public static String infotextName(RngSource source) {
        return switch (source) {
            case CPU -> "CPU";
            case NV -> "NV";
        };
    }

    /**
     * Parses an infotext {@code RNG} value. {@code "GPU"} is A1111's default setting (implied when the field is
     * absent): on the NVIDIA GPUs most shared images come from it means CUDA's {@code torch.randn}, which
     * {@link RngSource#NV} reproduces, so it maps to NV.
     *
     * @param name {@code "CPU"}, {@code "NV"} or {@code "GPU"}, case-insensitive; {@code null} means absent (GPU)
     * @return the source that reproduces the image's noise
     * @throws IllegalArgumentException for any other value
     */
    public static RngSource parse(String name) {
        if (name == null) {
            return RngSource.NV;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "CPU" -> RngSource.CPU;
            case "NV", "GPU" -> RngSource.NV;
            default -> throw new IllegalArgumentException("unknown RNG source '" + name + "'; allowed: CPU, GPU, NV");
        };
    }
}
