package io.sdjava;

/** Floating-point precision of the model weights and activations. */
public enum Precision {
    /** 32-bit floats everywhere: slowest, the only precision that works on every device. */
    FP32,
    /** 16-bit floats (half precision): faster and half the memory on a GPU; not supported on the CPU. */
    FP16,
    /** {@link #FP16} on a GPU and {@link #FP32} on the CPU, as A1111 does by default. */
    AUTO;

    /**
     * Resolves {@link #AUTO} for a device.
     *
     * @param device the device the model runs on
     * @return {@link #FP32} or {@link #FP16}, never {@link #AUTO}
     */
    public Precision resolve(Device device) {
        if (this != AUTO) {
            return this;
        }
        return device.isGpu() ? FP16 : FP32;
    }
}
