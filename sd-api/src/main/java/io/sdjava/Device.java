package io.sdjava;

import java.util.Locale;
import java.util.Objects;

/**
 * The device a pipeline runs on: the CPU or one GPU. Immutable value type; {@link #toString()} gives the
 * form {@link #parse(String)} reads ({@code "cpu"}, {@code "gpu:1"}).
 *
 * <p>GPUs need the CUDA build of the backend's native library; see the README.
 *
 * @param type CPU or GPU
 * @param index the GPU's index, counting from 0; always 0 for the CPU
 */
public record Device(Type type, int index) {
    /** The kind of device. */
    public enum Type {
        /** The host processor. */
        CPU,
        /** A CUDA GPU. */
        GPU
    }

    private static final String FORMS = "expected cpu, gpu, gpu:N or cuda:N with N >= 0";

    /**
     * Validates the components.
     *
     * @param type see {@link #type()}
     * @param index see {@link #index()}
     * @throws InvalidRequestException if the index is negative, or not 0 for the CPU
     */
    public Device {
        Objects.requireNonNull(type, "type");
        if (index < 0 || (type == Type.CPU && index != 0)) {
            throw new InvalidRequestException("invalid device index " + index + " for " + type
                    + "; allowed: 0 for CPU, >= 0 for GPU");
        }
    }

    /** @return the CPU */
    public static Device cpu() {
        return new Device(Type.CPU, 0);
    }

    /**
     * @param index the GPU's index, counting from 0
     * @return that GPU
     * @throws InvalidRequestException if {@code index} is negative
     */
    public static Device gpu(int index) {
        return new Device(Type.GPU, index);
    }

    /**
     * Parses a device name, case-insensitively: {@code cpu}, {@code gpu} (GPU 0), {@code gpu:N},
     * {@code cuda} and {@code cuda:N} (aliases of {@code gpu}).
     *
     * @param text the device name
     * @return the device
     * @throws InvalidRequestException naming the accepted forms if {@code text} is not one of them
     */
    public static Device parse(String text) {
        if (text == null) {
            throw new InvalidRequestException("device is null; " + FORMS);
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return cpu();
        }
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        if (!kind.equals("gpu") && !kind.equals("cuda")) {
            throw new InvalidRequestException("unknown device '" + text + "'; " + FORMS);
        }
        if (colon < 0) {
            return gpu(0);
        }
        String number = s.substring(colon + 1);
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9') || number.length() > 9) {
            throw new InvalidRequestException("bad GPU index in device '" + text + "'; " + FORMS);
        }
        return gpu(Integer.parseInt(number));
    }

    /** @return whether this is a GPU */
    public boolean isGpu() {
        return type == Type.GPU;
    }

    /** @return {@code "cpu"} or {@code "gpu:N"} */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "gpu:" + index;
    }
}
