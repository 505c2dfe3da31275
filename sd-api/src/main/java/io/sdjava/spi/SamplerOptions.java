package io.sdjava.spi;

import java.util.Objects;
import java.util.Set;

/**
 * Sampler and schedule settings as A1111 exposes them. {@link #defaults()} gives A1111 v1.10.1's defaults;
 * {@link #toBuilder()} changes some of them. Immutable and thread-safe.
 *
 * @param eta ancestral/DDIM noise multiplier; {@code NaN} means the sampler's own default (1 for k-diffusion
 *     samplers, 0 for DDIM and DDIM CFG++)
 * @param sChurn k-diffusion {@code s_churn} (Euler, Heun, DPM2), default 0
 * @param sTmin k-diffusion {@code s_tmin}, default 0
 * @param sTmax k-diffusion {@code s_tmax}, default infinity (A1111's 0 means infinity)
 * @param sNoise k-diffusion {@code s_noise}, default 1
 * @param sigmaMin schedule sigma min override; 0 means the model's
 * @param sigmaMax schedule sigma max override; 0 means the model's
 * @param rho Karras/Polyexponential rho override; 0 means the schedule's default (7 / 1)
 * @param discardPenultimateSigma A1111 {@code always_discard_next_to_last_sigma}, default false
 * @param useOldKarrasSigmas A1111 {@code use_old_karras_scheduler_sigmas} (sigma range 0.1..10), default false
 * @param sgmNoiseMultiplier A1111 {@code sgm_noise_multiplier} (initial noise times sqrt(1 + sigma0^2)), default false
 * @param etaNoiseSeedDelta A1111 ENSD; applied by the noise source owner (per-image generators), default 0
 * @param uniPcVariant UniPC variant: {@code bh1} (default), {@code bh2} or {@code vary_coeff}
 * @param uniPcSkipType UniPC skip type: {@code time_uniform} (default), {@code time_quadratic} or {@code logSNR}
 * @param uniPcOrder UniPC order 1..3, default 3
 * @param uniPcLowerOrderFinal UniPC lower order final steps, default true
 * @param betaAlpha Beta schedule alpha, default 0.6
 * @param betaBeta Beta schedule beta, default 0.6
 * @param quantization A1111 {@code enable_quantization}: the eps denoiser rounds t to the nearest timestep,
 *     default false (used by the model adapter, not by samplers)
 */
public record SamplerOptions(
        double eta,
        double sChurn,
        double sTmin,
        double sTmax,
        double sNoise,
        double sigmaMin,
        double sigmaMax,
        double rho,
        boolean discardPenultimateSigma,
        boolean useOldKarrasSigmas,
        boolean sgmNoiseMultiplier,
        long etaNoiseSeedDelta,
        String uniPcVariant,
        String uniPcSkipType,
        int uniPcOrder,
        boolean uniPcLowerOrderFinal,
        double betaAlpha,
        double betaBeta,
        boolean quantization) {
    private static final Set<String> UNIPC_VARIANTS = Set.of("bh1", "bh2", "vary_coeff");
    private static final Set<String> UNIPC_SKIP_TYPES = Set.of("time_uniform", "time_quadratic", "logSNR");

    /**
     * Validates the options; an {@code sTmax} of 0 means infinity, as in A1111.
     *
     * @param eta see {@link #eta()}
     * @param sChurn see {@link #sChurn()}
     * @param sTmin see {@link #sTmin()}
     * @param sTmax see {@link #sTmax()}
     * @param sNoise see {@link #sNoise()}
     * @param sigmaMin see {@link #sigmaMin()}
     * @param sigmaMax see {@link #sigmaMax()}
     * @param rho see {@link #rho()}
     * @param discardPenultimateSigma see {@link #discardPenultimateSigma()}
     * @param useOldKarrasSigmas see {@link #useOldKarrasSigmas()}
     * @param sgmNoiseMultiplier see {@link #sgmNoiseMultiplier()}
     * @param etaNoiseSeedDelta see {@link #etaNoiseSeedDelta()}
     * @param uniPcVariant see {@link #uniPcVariant()}
     * @param uniPcSkipType see {@link #uniPcSkipType()}
     * @param uniPcOrder see {@link #uniPcOrder()}
     * @param uniPcLowerOrderFinal see {@link #uniPcLowerOrderFinal()}
     * @param betaAlpha see {@link #betaAlpha()}
     * @param betaBeta see {@link #betaBeta()}
     * @param quantization see {@link #quantization()}
     * @throws IllegalArgumentException if a UniPC option is invalid
     */
    public SamplerOptions {
        Objects.requireNonNull(uniPcVariant, "uniPcVariant");
        Objects.requireNonNull(uniPcSkipType, "uniPcSkipType");
        if (!UNIPC_VARIANTS.contains(uniPcVariant)) {
            throw new IllegalArgumentException("uniPcVariant '" + uniPcVariant + "' not one of " + UNIPC_VARIANTS);
        }
        if (!UNIPC_SKIP_TYPES.contains(uniPcSkipType)) {
            throw new IllegalArgumentException("uniPcSkipType '" + uniPcSkipType + "' not one of " + UNIPC_SKIP_TYPES);
        }
        if (uniPcOrder < 1 || uniPcOrder > 3) {
            throw new IllegalArgumentException("uniPcOrder must be 1, 2 or 3, got " + uniPcOrder);
        }
        if (sTmax == 0) {
            sTmax = Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The original five-option constructor; every other option takes its default.
     *
     * @param eta see {@link #eta()}
     * @param sChurn see {@link #sChurn()}
     * @param sTmin see {@link #sTmin()}
     * @param sTmax see {@link #sTmax()}
     * @param sNoise see {@link #sNoise()}
     */
    public SamplerOptions(double eta, double sChurn, double sTmin, double sTmax, double sNoise) {
        this(eta, sChurn, sTmin, sTmax, sNoise, 0, 0, 0, false, false, false, 0, "bh1", "time_uniform", 3, true,
                0.6, 0.6, false);
    }

    /** @return A1111's defaults: eta from the sampler, s_churn 0, s_tmin 0, s_tmax infinity, s_noise 1, ... */
    public static SamplerOptions defaults() {
        return new SamplerOptions(Double.NaN, 0.0, 0.0, Double.POSITIVE_INFINITY, 1.0);
    }

    /** @return a builder starting from A1111's defaults */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param samplerDefault the sampler's own default eta
     * @return {@link #eta()} or {@code samplerDefault} when eta is NaN
     */
    public double etaOr(double samplerDefault) {
        return Double.isNaN(eta) ? samplerDefault : eta;
    }

    /** Builder of {@link SamplerOptions}; setters are named like the record components. Not thread-safe. */
    public static final class Builder {
        private double eta;
        private double sChurn;
        private double sTmin;
        private double sTmax;
        private double sNoise;
        private double sigmaMin;
        private double sigmaMax;
        private double rho;
        private double betaAlpha;
        private double betaBeta;
        private boolean discard;
        private boolean oldKarras;
        private boolean sgm;
        private boolean lowerOrderFinal;
        private boolean quantization;
        private long ensd;
        private String variant;
        private String skipType;
        private int order;

        private Builder(SamplerOptions o) {
            eta = o.eta;
            sChurn = o.sChurn;
            sTmin = o.sTmin;
            sTmax = o.sTmax;
            sNoise = o.sNoise;
            sigmaMin = o.sigmaMin;
            sigmaMax = o.sigmaMax;
            rho = o.rho;
            discard = o.discardPenultimateSigma;
            oldKarras = o.useOldKarrasSigmas;
            sgm = o.sgmNoiseMultiplier;
            ensd = o.etaNoiseSeedDelta;
            variant = o.uniPcVariant;
            skipType = o.uniPcSkipType;
            order = o.uniPcOrder;
            lowerOrderFinal = o.uniPcLowerOrderFinal;
            betaAlpha = o.betaAlpha;
            betaBeta = o.betaBeta;
            quantization = o.quantization;
        }

        /**
         * @param v eta
         * @return this
         */
        public Builder eta(double v) {
            eta = v;
            return this;
        }

        /**
         * @param v s_churn
         * @return this
         */
        public Builder sChurn(double v) {
            sChurn = v;
            return this;
        }

        /**
         * @param v s_tmin
         * @return this
         */
        public Builder sTmin(double v) {
            sTmin = v;
            return this;
        }

        /**
         * @param v s_tmax (0 = infinity)
         * @return this
         */
        public Builder sTmax(double v) {
            sTmax = v;
            return this;
        }

        /**
         * @param v s_noise
         * @return this
         */
        public Builder sNoise(double v) {
            sNoise = v;
            return this;
        }

        /**
         * @param v sigma min override (0 = model's)
         * @return this
         */
        public Builder sigmaMin(double v) {
            sigmaMin = v;
            return this;
        }

        /**
         * @param v sigma max override (0 = model's)
         * @return this
         */
        public Builder sigmaMax(double v) {
            sigmaMax = v;
            return this;
        }

        /**
         * @param v rho override (0 = schedule default)
         * @return this
         */
        public Builder rho(double v) {
            rho = v;
            return this;
        }

        /**
         * @param v always discard the next-to-last sigma
         * @return this
         */
        public Builder discardPenultimateSigma(boolean v) {
            discard = v;
            return this;
        }

        /**
         * @param v use the old Karras sigma range 0.1..10
         * @return this
         */
        public Builder useOldKarrasSigmas(boolean v) {
            oldKarras = v;
            return this;
        }

        /**
         * @param v SGM noise multiplier
         * @return this
         */
        public Builder sgmNoiseMultiplier(boolean v) {
            sgm = v;
            return this;
        }

        /**
         * @param v eta noise seed delta
         * @return this
         */
        public Builder etaNoiseSeedDelta(long v) {
            ensd = v;
            return this;
        }

        /**
         * @param v UniPC variant bh1, bh2 or vary_coeff
         * @return this
         */
        public Builder uniPcVariant(String v) {
            variant = v;
            return this;
        }

        /**
         * @param v UniPC skip type
         * @return this
         */
        public Builder uniPcSkipType(String v) {
            skipType = v;
            return this;
        }

        /**
         * @param v UniPC order 1..3
         * @return this
         */
        public Builder uniPcOrder(int v) {
            order = v;
            return this;
        }

        /**
         * @param v UniPC lower order final
         * @return this
         */
        public Builder uniPcLowerOrderFinal(boolean v) {
            lowerOrderFinal = v;
            return this;
        }

        /**
         * @param v Beta schedule alpha
         * @return this
         */
        public Builder betaAlpha(double v) {
            betaAlpha = v;
            return this;
        }

        /**
         * @param v Beta schedule beta
         * @return this
         */
        public Builder betaBeta(double v) {
            betaBeta = v;
            return this;
        }

        /**
         * @param v enable quantization
         * @return this
         */
        public Builder quantization(boolean v) {
            quantization = v;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if a UniPC option is invalid
         */
        public SamplerOptions build() {
            return new SamplerOptions(eta, sChurn, sTmin, sTmax, sNoise, sigmaMin, sigmaMax, rho, discard, oldKarras,
                    sgm, ensd, variant, skipType, order, lowerOrderFinal, betaAlpha, betaBeta, quantization);
        }
    }
}
