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
     * Parses an infotext {@code RNG} value. {@code "GPU"} (A1111's default, also implied when the field is absent)
     * maps to {@link RngSource#CPU}, the only GPU-equivalent stream a CPU backend can reproduce.
     *
     * @param name {@code "CPU"}, {@code "NV"} or {@code "GPU"}, case-insensitive; {@code null} means absent
     * @return the source
     * @throws IllegalArgumentException for any other value
     */
    public static RngSource parse(String name) {
        if (name == null) {
            return RngSource.CPU;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "CPU", "GPU" -> RngSource.CPU;
            case "NV" -> RngSource.NV;
            default -> throw new IllegalArgumentException("unknown RNG source '" + name + "'; allowed: CPU, GPU, NV");
        };
    }
}
