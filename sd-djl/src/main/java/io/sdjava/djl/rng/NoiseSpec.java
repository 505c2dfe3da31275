package io.sdjava.djl.rng;

import io.sdjava.RngSource;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that determines a batch's noise, named as A1111's {@code ImageRNG} arguments and settings.
 * Build it with {@link #builder()}; sizes are in pixels (the latent is {@code (channels, height/8, width/8)}).
 *
 * @param source the random number generator source
 * @param seeds one seed per image of the batch (see {@link BatchSeeds})
 * @param subseeds the variation seeds, one per image (missing entries count as 0, as A1111)
 * @param subseedStrength the variation strength in [0, 1]; 0 turns variation off
 * @param seedResizeFromWidth "resize seed from width" in pixels, 0 = off
 * @param seedResizeFromHeight "resize seed from height" in pixels, 0 = off
 * @param etaNoiseSeedDelta A1111's ENSD: sampler noise comes from generators seeded {@code seed + ENSD}
 * @param channels latent channels
 * @param width target width in pixels
 * @param height target height in pixels
 */
public record NoiseSpec(
        RngSource source,
        long[] seeds,
        long[] subseeds,
        double subseedStrength,
        int seedResizeFromWidth,
        int seedResizeFromHeight,
        long etaNoiseSeedDelta,
        int channels,
        int width,
        int height) {
    /** Latent downscale factor of the Stable Diffusion VAE. */
    public static final int LATENT_SCALE = 8;

    /** Validates and copies the arrays. */
    public NoiseSpec {
        Objects.requireNonNull(source, "source");
        seeds = Objects.requireNonNull(seeds, "seeds").clone();
        subseeds = Objects.requireNonNull(subseeds, "subseeds").clone();
        if (seeds.length == 0) {
            throw new IllegalArgumentException("seeds must name at least one image");
        }
        if (!(subseedStrength >= 0 && subseedStrength <= 1)) {
            throw new IllegalArgumentException("subseedStrength must be in [0, 1], got " + subseedStrength);
        }
        if (channels <= 0 || width < LATENT_SCALE || height < LATENT_SCALE) {
            throw new IllegalArgumentException("need channels > 0 and width, height >= " + LATENT_SCALE + "; got "
                    + channels + ", " + width + "x" + height);
        }
        if (seedResizeFromWidth < 0 || seedResizeFromHeight < 0) {
            throw new IllegalArgumentException("seed resize sizes must be >= 0, got "
                    + seedResizeFromWidth + "x" + seedResizeFromHeight);
        }
    }

    /** @return a builder with A1111's defaults: CPU source, 4 channels, 512x512, no variation, no resize, ENSD 0 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }

    @Override
    public long[] subseeds() {
        return subseeds.clone();
    }

    /**
     * The same noise settings for another image size, as the hires-fix second pass needs (A1111 creates a fresh
     * {@code ImageRNG} with the upscaled shape and the same seeds).
     *
     * @param newWidth target width in pixels
     * @param newHeight target height in pixels
     * @return a copy with the new size
     */
    public NoiseSpec withSize(int newWidth, int newHeight) {
        return new NoiseSpec(source, seeds, subseeds, subseedStrength, seedResizeFromWidth, seedResizeFromHeight,
                etaNoiseSeedDelta, channels, newWidth, newHeight);
    }

    /** @return the variation seed of image {@code i} (0 past the end of {@link #subseeds()}, as A1111) */
    long subseed(int i) {
        return i < subseeds.length ? subseeds[i] : 0;
    }

    /** @return the per-image latent shape {@code (C, H/8, W/8)} */
    public int[] latentShape() {
        return new int[] {channels, height / LATENT_SCALE, width / LATENT_SCALE};
    }

    /** @return the shape the seed noise is drawn at: the latent shape, or the resize-from size when resize is on */
    int[] noiseShape() {
        if (seedResizeFromWidth <= 0 || seedResizeFromHeight <= 0) {
            return latentShape();
        }
        return new int[] {channels, seedResizeFromHeight / LATENT_SCALE, seedResizeFromWidth / LATENT_SCALE};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSpec s
                && source == s.source
                && Arrays.equals(seeds, s.seeds)
                && Arrays.equals(subseeds, s.subseeds)
                && Double.compare(subseedStrength, s.subseedStrength) == 0
                && seedResizeFromWidth == s.seedResizeFromWidth
                && seedResizeFromHeight == s.seedResizeFromHeight
                && etaNoiseSeedDelta == s.etaNoiseSeedDelta
                && channels == s.channels
                && width == s.width
                && height == s.height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, Arrays.hashCode(seeds), Arrays.hashCode(subseeds), subseedStrength,
                seedResizeFromWidth, seedResizeFromHeight, etaNoiseSeedDelta, channels, width, height);
    }

    @Override
    public String toString() {
        return "NoiseSpec[source=" + source + ", seeds=" + Arrays.toString(seeds) + ", subseeds="
                + Arrays.toString(subseeds) + ", subseedStrength=" + subseedStrength + ", seedResizeFrom="
                + seedResizeFromWidth + "x" + seedResizeFromHeight + ", ensd=" + etaNoiseSeedDelta + ", latent="
                + Arrays.toString(latentShape()) + "]";
    }

    /** Builder of {@link NoiseSpec}; setters validate nothing, {@link #build()} validates everything. */
    public static final class Builder {
        private RngSource source = RngSource.CPU;
        private long[] seeds = {0};
        private long[] subseeds = {};
        private double subseedStrength;
        private int seedResizeFromWidth;
        private int seedResizeFromHeight;
        private long etaNoiseSeedDelta;
        private int channels = 4;
        private int width = 512;
        private int height = 512;

        private Builder() {}

        /** @param source the generator source; default CPU @return this */
        public Builder source(RngSource source) {
            this.source = source;
            return this;
        }

        /** @param seeds one seed per image @return this */
        public Builder seeds(long... seeds) {
            this.seeds = seeds.clone();
            return this;
        }

        /** @param subseeds variation seeds, one per image @return this */
        public Builder subseeds(long... subseeds) {
            this.subseeds = subseeds.clone();
            return this;
        }

        /** @param strength variation strength in [0, 1] @return this */
        public Builder subseedStrength(double strength) {
            this.subseedStrength = strength;
            return this;
        }

        /** @param width resize-from width in pixels (0 = off) @param height resize-from height @return this */
        public Builder seedResizeFrom(int width, int height) {
            this.seedResizeFromWidth = width;
            this.seedResizeFromHeight = height;
            return this;
        }

        /** @param ensd eta noise seed delta; default 0 @return this */
        public Builder etaNoiseSeedDelta(long ensd) {
            this.etaNoiseSeedDelta = ensd;
            return this;
        }

        /** @param channels latent channels; default 4 @return this */
        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        /** @param width target width in pixels @param height target height in pixels @return this */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** @return the validated spec */
        public NoiseSpec build() {
            return new NoiseSpec(source, seeds, subseeds, subseedStrength, seedResizeFromWidth, seedResizeFromHeight,
                    etaNoiseSeedDelta, channels, width, height);
        }
    }
}
