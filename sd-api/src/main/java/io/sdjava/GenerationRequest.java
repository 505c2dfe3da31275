package io.sdjava;

/**
 * One text-to-image or image-to-image job, with A1111's parameter names. Immutable and thread-safe; create
 * it with {@link #builder()} or {@link Pipeline#newRequest(String)}, and derive variants with
 * {@link #toBuilder()}. Every component is validated when the record is created; {@link Builder#build()}
 * also checks the sampler and scheduler names.
 *
 * @param prompt the positive prompt, with A1111's syntax ({@code (word:1.2)}, {@code [a:b:0.5]},
 *     {@code BREAK}, {@code <lora:name:0.8>}, ...); default empty
 * @param negativePrompt the negative prompt; default empty
 * @param width image width in pixels, a multiple of 8 in 64..8192; default 512
 * @param height image height in pixels, a multiple of 8 in 64..8192; default 512
 * @param steps sampling steps, 1..1000; default 20
 * @param cfgScale classifier-free guidance scale, 0..100; default 7
 * @param sampler sampler name: A1111 display name ({@code "Euler a"}), alias or id ({@code "euler_a"}); a
 *     legacy combined name such as {@code "DPM++ 2M Karras"} also selects the schedule; default
 *     {@code "DPM++ 2M"}
 * @param scheduler schedule name ({@code "Karras"}, {@code "Exponential"}, ...) or {@code "Automatic"}
 *     (default) for the sampler's own default
 * @param seed the seed of the first image, any value; {@code -1} (default) draws a random one, as A1111;
 *     the seed actually used is in {@link GeneratedImage#seed()}
 * @param subseed the variation seed; {@code -1} (default) draws a random one
 * @param subseedStrength how much the variation seed's noise is mixed in, 0..1; default 0 (off)
 * @param seedResizeFromW width in pixels the noise is generated for ("Resize seed from width"), 0 (default,
 *     off) or 64..8192; set together with {@code seedResizeFromH}
 * @param seedResizeFromH height counterpart of {@code seedResizeFromW}; default 0 (off)
 * @param batchSize images generated together in one sampling pass, 1..64; default 1
 * @param batchCount how many batches run one after the other (A1111's {@code n_iter}), 1..1000; default 1
 * @param clipSkip how many of CLIP's last layers to skip, 1..12 (1 = use the last layer); default 1
 * @param emphasis A1111's "Emphasis mode": how attention weights act on the text encoder's output; default
 *     {@link Emphasis#ORIGINAL}
 * @param commaPaddingBacktrack A1111's "Prompt word wrap length limit" ({@code comma_padding_backtrack}): when a
 *     75-token chunk fills up within this many tokens after a comma, the words after the comma move to the next
 *     chunk; 0..74, 0 turns it off; default 20
 * @param tiling whether images tile seamlessly (circular padding); default false
 * @param hires the hires fix, text-to-image only; default {@link HiresFix#disabled()}
 * @param initImage the image to start from (image-to-image), resized to {@code width x height}, or
 *     {@code null} (default) for text-to-image
 * @param denoisingStrength how much image-to-image changes {@code initImage}, 0..1; ignored without an init
 *     image; default 0.75
 * @param rngSource where the noise comes from; default {@link RngSource#CPU}
 * @param eta ancestral noise multiplier (A1111's "eta"), 0..1, or {@code NaN} (default) for the sampler's
 *     own default as configured in A1111 (1 for ancestral samplers, 0 for DDIM)
 * @param ensd A1111's "Eta noise seed delta" added to the seed of the noise drawn during sampling, 0 or more;
 *     default 0
 * @param listener receives progress events; default {@link ProgressListener#NONE}
 * @param cancellation checked between steps; default {@link CancellationToken#never()}
 */
public record GenerationRequest(
        String prompt,
        String negativePrompt,
        int width,
        int height,
        int steps,
        double cfgScale,
        String sampler,
        String scheduler,
        long seed,
        long subseed,
        double subseedStrength,
        int seedResizeFromW,
        int seedResizeFromH,
        int batchSize,
        int batchCount,
        int clipSkip,
        Emphasis emphasis,
        int commaPaddingBacktrack,
        boolean tiling,
        HiresFix hires,
        SdImage initImage,
        double denoisingStrength,
        RngSource rngSource,
        double eta,
        int ensd,
        ProgressListener listener,
        CancellationToken cancellation) {
    /** Smallest width or height in pixels. */
    public static final int MIN_SIDE = 64;
    /** Largest width or height in pixels. */
    public static final int MAX_SIDE = 8192;
    /** Largest number of sampling steps. */
    public static final int MAX_STEPS = 1000;
    /** Largest CFG scale. */
    public static final double MAX_CFG_SCALE = 100.0;
    /** Largest batch size. */
    public static final int MAX_BATCH_SIZE = 64;
    /** Largest batch count. */
    public static final int MAX_BATCH_COUNT = 1000;
    /** Largest CLIP skip. */
    public static final int MAX_CLIP_SKIP = 12;
    /** A1111's default "Prompt word wrap length limit" ({@code comma_padding_backtrack}). */
    public static final int DEFAULT_COMMA_PADDING_BACKTRACK = 20;
    /** Largest comma padding backtrack: one less than the 75 tokens of a chunk. */
    public static final int MAX_COMMA_PADDING_BACKTRACK = 74;
    /** The seed value that asks for a random seed. */
    public static final long RANDOM_SEED = -1;

    /**
     * Validates every component and their combinations.
     *
     * @param prompt see {@link #prompt()}
     * @param negativePrompt see {@link #negativePrompt()}
     * @param width see {@link #width()}
     * @param height see {@link #height()}
     * @param steps see {@link #steps()}
     * @param cfgScale see {@link #cfgScale()}
     * @param sampler see {@link #sampler()}
     * @param scheduler see {@link #scheduler()}
     * @param seed see {@link #seed()}
     * @param subseed see {@link #subseed()}
     * @param subseedStrength see {@link #subseedStrength()}
     * @param seedResizeFromW see {@link #seedResizeFromW()}
     * @param seedResizeFromH see {@link #seedResizeFromH()}
     * @param batchSize see {@link #batchSize()}
     * @param batchCount see {@link #batchCount()}
     * @param clipSkip see {@link #clipSkip()}
     * @param emphasis see {@link #emphasis()}
     * @param commaPaddingBacktrack see {@link #commaPaddingBacktrack()}
     * @param tiling see {@link #tiling()}
     * @param hires see {@link #hires()}
     * @param initImage see {@link #initImage()}
     * @param denoisingStrength see {@link #denoisingStrength()}
     * @param rngSource see {@link #rngSource()}
     * @param eta see {@link #eta()}
     * @param ensd see {@link #ensd()}
     * @param listener see {@link #listener()}
     * @param cancellation see {@link #cancellation()}
     * @throws InvalidRequestException naming the bad value and the allowed range
     */
    public GenerationRequest {
        Bounds.notNull("prompt", prompt);
        Bounds.notNull("negativePrompt", negativePrompt);
        Bounds.imageSide("width", width, MIN_SIDE, MAX_SIDE);
        Bounds.imageSide("height", height, MIN_SIDE, MAX_SIDE);
        Bounds.inRange("steps", steps, 1, MAX_STEPS);
        Bounds.inRange("cfgScale", cfgScale, 0.0, MAX_CFG_SCALE);
        Bounds.notBlank("sampler", sampler);
        Bounds.notBlank("scheduler", scheduler);
        Bounds.inRange("subseedStrength", subseedStrength, 0.0, 1.0);
        checkSeedResize("seedResizeFromW", seedResizeFromW);
        checkSeedResize("seedResizeFromH", seedResizeFromH);
        Bounds.inRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        Bounds.inRange("batchCount", batchCount, 1, MAX_BATCH_COUNT);
        Bounds.inRange("clipSkip", clipSkip, 1, MAX_CLIP_SKIP);
        Bounds.notNull("emphasis", emphasis);
        checkCommaBacktrack(commaPaddingBacktrack);
        Bounds.notNull("hires", hires);
        Bounds.inRange("denoisingStrength", denoisingStrength, 0.0, 1.0);
        Bounds.notNull("rngSource", rngSource);
        checkEta(eta);
        Bounds.inRange("ensd", ensd, 0, Integer.MAX_VALUE);
        Bounds.notNull("listener", listener);
        Bounds.notNull("cancellation", cancellation);
        RequestValidator.checkCombinations(width, height, seedResizeFromW, seedResizeFromH, hires, initImage);
    }

    private static int checkSeedResize(String name, int value) {
        if (value != 0 && (value < MIN_SIDE || value > MAX_SIDE)) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: 0 (off) or "
                    + MIN_SIDE + ".." + MAX_SIDE);
        }
        return value;
    }

    private static int checkCommaBacktrack(int value) {
        if (value < 0 || value > MAX_COMMA_PADDING_BACKTRACK) {
            throw new InvalidRequestException("commaPaddingBacktrack " + value + " is out of range; allowed: 0 (off).."
                    + MAX_COMMA_PADDING_BACKTRACK + " tokens (a chunk holds 75)");
        }
        return value;
    }

    private static double checkEta(double eta) {
        return Double.isNaN(eta) ? eta : Bounds.inRange("eta", eta, 0.0, 1.0);
    }

    /** @return a builder with the defaults listed on {@link GenerationRequest} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this request's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return whether this is an image-to-image request, i.e. {@link #initImage()} is set */
    public boolean isImageToImage() {
        return initImage != null;
    }

    /**
     * Builds a {@link GenerationRequest}. Defaults are A1111's and are listed on {@link GenerationRequest};
     * setters check single values at once and {@link #build()} checks combinations and sampler names.
     * Not thread-safe.
     */
    public static final class Builder {
        private String prompt = "";
        private String negativePrompt = "";
        private int width = 512;
        private int height = 512;
        private int steps = 20;
        private double cfgScale = 7.0;
        private String sampler = "DPM++ 2M";
        private String scheduler = "Automatic";
        private long seed = RANDOM_SEED;
        private long subseed = RANDOM_SEED;
        private double subseedStrength;
        private int seedResizeFromW;
        private int seedResizeFromH;
        private int batchSize = 1;
        private int batchCount = 1;
        private int clipSkip = 1;
        private Emphasis emphasis = Emphasis.ORIGINAL;
        private String emphasisName;
        private int commaPaddingBacktrack = DEFAULT_COMMA_PADDING_BACKTRACK;
        private boolean tiling;
        private HiresFix hires = HiresFix.disabled();
        private SdImage initImage;
        private double denoisingStrength = 0.75;
        private RngSource rngSource = RngSource.CPU;
        private double eta = Double.NaN;
        private int ensd;
        private ProgressListener listener = ProgressListener.NONE;
        private CancellationToken cancellation = CancellationToken.never();

        private Builder() {}

        private Builder(GenerationRequest r) {
            prompt = r.prompt;
            negativePrompt = r.negativePrompt;
            width = r.width;
            height = r.height;
            steps = r.steps;
            cfgScale = r.cfgScale;
            sampler = r.sampler;
            scheduler = r.scheduler;
            seed = r.seed;
            subseed = r.subseed;
            subseedStrength = r.subseedStrength;
            seedResizeFromW = r.seedResizeFromW;
            seedResizeFromH = r.seedResizeFromH;
            batchSize = r.batchSize;
            batchCount = r.batchCount;
            clipSkip = r.clipSkip;
            emphasis = r.emphasis;
            commaPaddingBacktrack = r.commaPaddingBacktrack;
            tiling = r.tiling;
            hires = r.hires;
            initImage = r.initImage;
            denoisingStrength = r.denoisingStrength;
            rngSource = r.rngSource;
            eta = r.eta;
            ensd = r.ensd;
            listener = r.listener;
            cancellation = r.cancellation;
        }

        /**
         * @param prompt the positive prompt; default empty
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder prompt(String prompt) {
            this.prompt = Bounds.notNull("prompt", prompt);
            return this;
        }

        /**
         * @param negativePrompt the negative prompt; default empty
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder negativePrompt(String negativePrompt) {
            this.negativePrompt = Bounds.notNull("negativePrompt", negativePrompt);
            return this;
        }

        /**
         * @param width width in pixels, a multiple of 8 in 64..8192; default 512
         * @return this builder
         * @throws InvalidRequestException if invalid
         */
        public Builder width(int width) {
            this.width = Bounds.imageSide("width", width, MIN_SIDE, MAX_SIDE);
            return this;
        }

        /**
         * @param height height in pixels, a multiple of 8 in 64..8192; default 512
         * @return this builder
         * @throws InvalidRequestException if invalid
         */
        public Builder height(int height) {
            this.height = Bounds.imageSide("height", height, MIN_SIDE, MAX_SIDE);
            return this;
        }

        /**
         * Sets width and height.
         *
         * @param width width in pixels, a multiple of 8 in 64..8192
         * @param height height in pixels, a multiple of 8 in 64..8192
         * @return this builder
         * @throws InvalidRequestException if invalid
         */
        public Builder size(int width, int height) {
            return width(width).height(height);
        }

        /**
         * @param steps sampling steps, 1..1000; default 20
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder steps(int steps) {
            this.steps = Bounds.inRange("steps", steps, 1, MAX_STEPS);
            return this;
        }

        /**
         * @param cfgScale the guidance scale, 0..100; default 7
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder cfgScale(double cfgScale) {
            this.cfgScale = Bounds.inRange("cfgScale", cfgScale, 0.0, MAX_CFG_SCALE);
            return this;
        }

        /**
         * @param sampler sampler name; default {@code "DPM++ 2M"}; checked by {@link #build()}
         * @return this builder
         * @throws InvalidRequestException if blank
         */
        public Builder sampler(String sampler) {
            this.sampler = Bounds.notBlank("sampler", sampler);
            return this;
        }

        /**
         * @param scheduler schedule name or {@code "Automatic"} (default); checked by {@link #build()}
         * @return this builder
         * @throws InvalidRequestException if blank
         */
        public Builder scheduler(String scheduler) {
            this.scheduler = Bounds.notBlank("scheduler", scheduler);
            return this;
        }

        /**
         * @param seed the seed, or {@code -1} (default) for a random one
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param subseed the variation seed, or {@code -1} (default) for a random one
         * @return this builder
         */
        public Builder subseed(long subseed) {
            this.subseed = subseed;
            return this;
        }

        /**
         * @param subseedStrength variation strength, 0..1; default 0
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder subseedStrength(double subseedStrength) {
            this.subseedStrength = Bounds.inRange("subseedStrength", subseedStrength, 0.0, 1.0);
            return this;
        }

        /**
         * @param seedResizeFromW 0 (off, default) or 64..8192
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder seedResizeFromW(int seedResizeFromW) {
            this.seedResizeFromW = checkSeedResize("seedResizeFromW", seedResizeFromW);
            return this;
        }

        /**
         * @param seedResizeFromH 0 (off, default) or 64..8192
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder seedResizeFromH(int seedResizeFromH) {
            this.seedResizeFromH = checkSeedResize("seedResizeFromH", seedResizeFromH);
            return this;
        }

        /**
         * @param batchSize images per batch, 1..64; default 1
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = Bounds.inRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
            return this;
        }

        /**
         * @param batchCount number of batches, 1..1000; default 1
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder batchCount(int batchCount) {
            this.batchCount = Bounds.inRange("batchCount", batchCount, 1, MAX_BATCH_COUNT);
            return this;
        }

        /**
         * @param clipSkip 1..12; default 1
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder clipSkip(int clipSkip) {
            this.clipSkip = Bounds.inRange("clipSkip", clipSkip, 1, MAX_CLIP_SKIP);
            return this;
        }

        /**
         * @param emphasis the emphasis mode; default {@link Emphasis#ORIGINAL}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder emphasis(Emphasis emphasis) {
            this.emphasis = Bounds.notNull("emphasis", emphasis);
            this.emphasisName = null;
            return this;
        }

        /**
         * Sets the emphasis mode by its A1111 name, as written in settings and infotexts ({@code "Original"},
         * {@code "No norm"}, {@code "Ignore"}, {@code "None"}; see {@link Emphasis#fromName}). The name is checked by
         * {@link #build()}.
         *
         * @param emphasis the mode's name; default {@code "Original"}
         * @return this builder
         * @throws InvalidRequestException if blank
         */
        public Builder emphasis(String emphasis) {
            this.emphasisName = Bounds.notBlank("emphasis", emphasis);
            return this;
        }

        /**
         * @param commaPaddingBacktrack A1111's "Prompt word wrap length limit", 0 (off)..74 tokens; default 20
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder commaPaddingBacktrack(int commaPaddingBacktrack) {
            this.commaPaddingBacktrack = checkCommaBacktrack(commaPaddingBacktrack);
            return this;
        }

        /**
         * @param tiling whether images tile seamlessly; default false
         * @return this builder
         */
        public Builder tiling(boolean tiling) {
            this.tiling = tiling;
            return this;
        }

        /**
         * @param hires the hires fix; default {@link HiresFix#disabled()}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder hires(HiresFix hires) {
            this.hires = Bounds.notNull("hires", hires);
            return this;
        }

        /**
         * @param initImage the image-to-image source, or {@code null} (default) for text-to-image
         * @return this builder
         */
        public Builder initImage(SdImage initImage) {
            this.initImage = initImage;
            return this;
        }

        /**
         * @param denoisingStrength image-to-image strength, 0..1; default 0.75
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder denoisingStrength(double denoisingStrength) {
            this.denoisingStrength = Bounds.inRange("denoisingStrength", denoisingStrength, 0.0, 1.0);
            return this;
        }

        /**
         * @param rngSource the noise source; default {@link RngSource#CPU}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder rngSource(RngSource rngSource) {
            this.rngSource = Bounds.notNull("rngSource", rngSource);
            return this;
        }

        /**
         * @param eta 0..1, or {@code NaN} (default) for the sampler's own default
         * @return this builder
         * @throws InvalidRequestException if out of range
         */
        public Builder eta(double eta) {
            this.eta = checkEta(eta);
            return this;
        }

        /**
         * @param ensd eta noise seed delta, 0 or more; default 0
         * @return this builder
         * @throws InvalidRequestException if negative
         */
        public Builder ensd(int ensd) {
            this.ensd = Bounds.inRange("ensd", ensd, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * @param listener the progress listener; default {@link ProgressListener#NONE}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder listener(ProgressListener listener) {
            this.listener = Bounds.notNull("listener", listener);
            return this;
        }

        /**
         * @param cancellation the cancellation token; default {@link CancellationToken#never()}
         * @return this builder
         * @throws InvalidRequestException if null
         */
        public Builder cancellation(CancellationToken cancellation) {
            this.cancellation = Bounds.notNull("cancellation", cancellation);
            return this;
        }

        /**
         * Builds the request after checking combinations (both seed-resize sizes or neither, no hires fix with
         * an init image, hires target size within 64..8192), an emphasis mode given by name, and the sampler and
         * scheduler names (the first pass's and the hires fix's) against the
         * {@link io.sdjava.spi.SamplerProvider}s and {@link io.sdjava.spi.ScheduleProvider}s on the class path.
         * When no sampler or no schedule provider is on the class path at all, the name check is skipped; the
         * backend checks names again.
         *
         * @return the request
         * @throws InvalidRequestException naming the bad value and the allowed values
         */
        public GenerationRequest build() {
            Emphasis mode = emphasisName != null ? Emphasis.fromName(emphasisName) : emphasis;
            GenerationRequest request = new GenerationRequest(prompt, negativePrompt, width, height, steps,
                    cfgScale, sampler, scheduler, seed, subseed, subseedStrength, seedResizeFromW, seedResizeFromH,
                    batchSize, batchCount, clipSkip, mode, commaPaddingBacktrack, tiling, hires, initImage,
                    denoisingStrength, rngSource, eta, ensd, listener, cancellation);
            RequestValidator.checkNames(request);
            return request;
        }
    }
}
