package io.sdjava;

/**
 * Where the initial and ancestral noise comes from, as A1111's "Random number generator source" setting.
 * Both sources are deterministic: the same seed gives the same noise on every machine.
 */
public enum RngSource {
    /** Torch's CPU generator (mt19937), as A1111's {@code CPU} setting; A1111's {@code GPU} setting on a CPU-only machine. */
    CPU,
    /** A Philox generator that reproduces NVIDIA GPUs' {@code torch.randn}, as A1111's {@code NV} setting. */
    NV
}
