package io.sdjava.samplers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.sdjava.spi.SamplerInfo;
import io.sdjava.spi.SamplerOptions;
import java.util.Iterator;
import java.util.Map;

/** Maps a case's A1111 {@code opts} to {@link SamplerOptions}. */
final class CaseOptions {
    private CaseOptions() {}

    static SamplerOptions of(JsonNode opts, SamplerInfo sampler) {
        SamplerOptions.Builder b = SamplerOptions.builder();
        boolean timesteps = sampler.kind() == SamplerInfo.Kind.TIMESTEPS;
        for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "eta_ancestral" -> {
                    if (!timesteps) {
                        b.eta(v.asDouble());
                    }
                }
                case "eta_ddim" -> {
                    if (timesteps) {
                        b.eta(v.asDouble());
                    }
                }
                case "s_churn" -> b.sChurn(v.asDouble());
                case "s_tmin" -> b.sTmin(v.asDouble());
                case "s_tmax" -> b.sTmax(v.asDouble());
                case "s_noise" -> b.sNoise(v.asDouble());
                case "sigma_min" -> b.sigmaMin(v.asDouble());
                case "sigma_max" -> b.sigmaMax(v.asDouble());
                case "rho" -> b.rho(v.asDouble());
                case "always_discard_next_to_last_sigma" -> b.discardPenultimateSigma(v.asBoolean());
                case "use_old_karras_scheduler_sigmas" -> b.useOldKarrasSigmas(v.asBoolean());
                case "sgm_noise_multiplier" -> b.sgmNoiseMultiplier(v.asBoolean());
                case "eta_noise_seed_delta" -> b.etaNoiseSeedDelta(v.asLong());
                case "uni_pc_variant" -> b.uniPcVariant(v.asText());
                case "uni_pc_skip_type" -> b.uniPcSkipType(v.asText());
                case "uni_pc_order" -> b.uniPcOrder(v.asInt());
                case "uni_pc_lower_order_final" -> b.uniPcLowerOrderFinal(v.asBoolean());
                case "beta_dist_alpha" -> b.betaAlpha(v.asDouble());
                case "beta_dist_beta" -> b.betaBeta(v.asDouble());
                case "enable_quantization" -> b.quantization(v.asBoolean());
                default -> throw new IllegalArgumentException("unsupported A1111 option '" + e.getKey() + "'");
            }
        }
        return b.build();
    }
}
