package io.sdjava;

/**
 * A1111's "Hires. fix" for text-to-image: generate at the request's size, upscale, then run a second,
 * img2img-like sampling pass at the larger size. Immutable; build with {@link #builder()}.
 *
 * <p>The target size is {@code width * scale} by {@code height * scale}, unless {@code resizeX} or
 * {@code resizeY} is set (non-zero), in which case it is computed as A1111 does: see {@link #upscaleTo}.
 *
 * @param enabled whether the second pass runs
 * @param upscaler the upscaler name as in A1111 ({@code "Latent"}, {@code "Latent (nearest-exact)"},
 *     {@code "Lanczos"}, {@code "R-ESRGAN 4x+"}, ...); the backend checks that it exists
 * @param scale the upscale factor, used when both resize sizes are 0
 * @param resizeX the target width in pixels, or 0
 * @param resizeY the target height in pixels, or 0
 * @param steps the second pass's step count, or 0 for the request's {@code steps}
 * @param denoisingStrength how much the second pass changes the upscaled image, 0..1
 * @param sampler the second pass's sampler, or {@code null} for the request's sampler (A1111's
 *     "Use same sampler")
 * @param scheduler the second pass's scheduler, or {@code null} for the request's scheduler (A1111's
 *     "Use same scheduler")
 * @param prompt the second pass's prompt, or {@code null} for the request's prompt
 * @param negativePrompt the second pass's negative prompt, or {@code null} for the request's
 */
public record HiresFix(
        boolean enabled,
        String upscaler,
        double scale,
        int resizeX,
        int resizeY,
        int steps,
        double denoisingStrength,
        String sampler,
        String scheduler,
        String prompt,
        String negativePrompt) {
    /** Smallest allowed {@link #scale()}. */
    public static final double MIN_SCALE = 1.0;
    /** Largest allowed {@link #scale()}. */
    public static final double MAX_SCALE = 8.0;
    /** A1111's hires sampler value meaning "the first pass's sampler"; stored as {@code null}. */
    public static final String USE_SAME_SAMPLER = "Use same sampler";
    /** A1111's hires scheduler value meaning "the first pass's scheduler"; stored as {@code null}. */
    public static final String USE_SAME_SCHEDULER = "Use same scheduler";

    private static final HiresFix DISABLED = new Builder().enabled(false).build();

    /**
     * A target size in pixels.
     *
     * @param width width in pixels
     * @param height height in pixels
     */
    public record Size(int width, int height) {}

    /**
     * Validates every component. Empty strings in the optional fields become {@code null} (as in A1111,
     * an empty hires prompt means "the same prompt"), and so do {@value #USE_SAME_SAMPLER} and
     * {@value #USE_SAME_SCHEDULER}.
     *
     * @param enabled see {@link #enabled()}
     * @param upscaler see {@link #upscaler()}
     * @param scale see {@link #scale()}
     * @param resizeX see {@link #resizeX()}
     * @param resizeY see {@link #resizeY()}
     * @param steps see {@link #steps()}
     * @param denoisingStrength see {@link #denoisingStrength()}
     * @param sampler see {@link #sampler()}
     * @param scheduler see {@link #scheduler()}
     * @param prompt see {@link #prompt()}
     * @param negativePrompt see {@link #negativePrompt()}
     * @throws InvalidRequestException naming the bad value and the allowed range
     */
    public HiresFix {
        Bounds.notBlank("hires upscaler", upscaler);
        Bounds.inRange("hires scale", scale, MIN_SCALE, MAX_SCALE);
        checkResize("hires resizeX", resizeX);
        checkResize("hires resizeY", resizeY);
        Bounds.inRange("hires steps", steps, 0, GenerationRequest.MAX_STEPS);
        Bounds.inRange("hires denoisingStrength", denoisingStrength, 0.0, 1.0);
        sampler = sameToNull(sampler, USE_SAME_SAMPLER);
        scheduler = sameToNull(scheduler, USE_SAME_SCHEDULER);
        prompt = emptyToNull(prompt);
        negativePrompt = emptyToNull(negativePrompt);
    }

    private static void checkResize(String name, int value) {
        if (value != 0 && (value < GenerationRequest.MIN_SIDE || value > GenerationRequest.MAX_SIDE)) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: 0 (use scale) or "
                    + GenerationRequest.MIN_SIDE + ".." + GenerationRequest.MAX_SIDE);
        }
    }

    private static String sameToNull(String s, String same) {
        return s == null || s.isEmpty() || s.trim().equalsIgnoreCase(same) ? null : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** @return a disabled hires fix with the default settings; the default of a request */
    public static HiresFix disabled() {
        return DISABLED;
    }

    /**
     * A builder with A1111's defaults: enabled (building a hires fix means you want one), upscaler
     * {@code "Latent"}, scale 2, resize 0x0, steps 0 (same as the first pass), denoising strength 0.7,
     * and the first pass's sampler, scheduler and prompts.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this hires fix's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The size the first-pass image is upscaled to, as A1111's {@code hr_upscale_to_x/y}: from
     * {@link #scale()} if both resize sizes are 0; from the one that is set, keeping the aspect ratio; or,
     * if both are set, covering {@code resizeX x resizeY} with the first pass's aspect ratio (A1111 then
     * crops the excess in latent space).
     *
     * @param width the first pass's width
     * @param height the first pass's height
     * @return the upscaled size
     */
    public Size upscaleTo(int width, int height) {
        if (resizeX == 0 && resizeY == 0) {
            return new Size((int) (width * scale), (int) (height * scale));
        }
        if (resizeY == 0) {
            return new Size(resizeX, (int) ((long) resizeX * height / width));
        }
        if (resizeX == 0) {
            return new Size((int) ((long) resizeY * width / height), resizeY);
        }
        double sourceRatio = (double) width / height;
        double targetRatio = (double) resizeX / resizeY;
        if (sourceRatio < targetRatio) {
            return new Size(resizeX, (int) ((long) resizeX * height / width));
        }
        return new Size((int) ((long) resizeY * width / height), resizeY);
    }

    /**
     * Builds a {@link HiresFix}. Setters check single values at once; {@link #build()} checks them all.
     * Not thread-safe.
     */
    public static final class Builder {
        private boolean enabled = true;
        private String upscaler = "Latent";
        private double scale = 2.0;
        private int resizeX;
        private int resizeY;
        private int steps;
        private double denoisingStrength = 0.7;
        private String sampler;
        private String scheduler;
        private String prompt;
        private String negativePrompt;

        private Builder() {}

        private Builder(HiresFix h) {
            enabled = h.enabled;
            upscaler = h.upscaler;
            scale = h.scale;
            resizeX = h.resizeX;
            resizeY = h.resizeY;
            steps = h.steps;
            denoisingStrength = h.denoisingStrength;
            sampler = h.sampler;
            scheduler = h.scheduler;
            prompt = h.prompt;
            negativePrompt = h.negativePrompt;
        }

        /**
         * @param enabled whether the second pass runs; default true
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param upscaler the upscaler name, e.g. {@code "Latent"} (default) or {@code "R-ESRGAN 4x+"}
         * @return this builder
         * @throws InvalidRequestException if blank
         */
        public Builder upscaler(String upscaler) {
            this.upscaler = Bounds.notBlank("hires upscaler", upscaler);
            return this;
        }

        /**
         * @param scale the upscale factor, {@value #MIN_SCALE}..{@value #MAX_SCALE}; default 2
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder scale(double scale) {
            this.scale = Bounds.inRange("hires scale", scale, MIN_SCALE, MAX_SCALE);
            return this;
        }

        /**
         * @param resizeX the target width, 0 (default: use the scale) or 64..8192
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder resizeX(int resizeX) {
            checkResize("hires resizeX", resizeX);
            this.resizeX = resizeX;
            return this;
        }

        /**
         * @param resizeY the target height, 0 (default: use the scale) or 64..8192
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder resizeY(int resizeY) {
            checkResize("hires resizeY", resizeY);
            this.resizeY = resizeY;
            return this;
        }

        /**
         * @param steps the second pass's steps, 0 (default: same as the first pass) to 1000
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder steps(int steps) {
            this.steps = Bounds.inRange("hires steps", steps, 0, GenerationRequest.MAX_STEPS);
            return this;
        }

        /**
         * @param denoisingStrength the second pass's strength, 0..1; default 0.7
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder denoisingStrength(double denoisingStrength) {
            this.denoisingStrength = Bounds.inRange("hires denoisingStrength", denoisingStrength, 0.0, 1.0);
            return this;
        }

        /**
         * @param sampler the second pass's sampler, or {@code null} (default) for the first pass's
         * @return this builder
         */
        public Builder sampler(String sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * @param scheduler the second pass's scheduler, or {@code null} (default) for the first pass's
         * @return this builder
         */
        public Builder scheduler(String scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /**
         * @param prompt the second pass's prompt, or {@code null}/empty (default) for the first pass's
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * @param negativePrompt the second pass's negative prompt, or {@code null}/empty (default) for the first pass's
         * @return this builder
         */
        public Builder negativePrompt(String negativePrompt) {
            this.negativePrompt = negativePrompt;
            return this;
        }

        /**
         * @return the hires fix
         * @throws InvalidRequestException if a value is out of range
         */
        public HiresFix build() {
            return new HiresFix(enabled, upscaler, scale, resizeX, resizeY, steps, denoisingStrength, sampler,
                    scheduler, prompt, negativePrompt);
        }
    }
}
