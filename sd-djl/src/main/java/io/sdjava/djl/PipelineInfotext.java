package io.sdjava.djl;

import io.sdjava.Emphasis;
import io.sdjava.GenerationRequest;
import io.sdjava.HiresFix;
import io.sdjava.RngSource;
import io.sdjava.djl.infotext.InfotextBuilder;
import io.sdjava.spi.SamplerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Writes each image's A1111 infotext ({@code create_infotext}) for a request run with a {@link SamplingPlan}. */
final class PipelineInfotext {
    /** Samplers whose noise the eta noise seed delta changes (A1111's {@code uses_ensd} option). */
    private static final Set<String> USES_ENSD = Set.of("euler_a", "dpm_2_a", "dpmpp_2s_a", "dpm_fast",
            "dpm_adaptive", "ddim", "ddim_cfgpp", "lcm");
    /** Samplers whose eta A1111 reports when it differs from the default 1 (ancestral k-diffusion samplers). */
    private static final Set<String> ANCESTRAL = Set.of("euler_a", "dpm_2_a", "dpmpp_2s_a", "dpm_fast", "dpm_adaptive");

    private final String modelHash;
    private final String modelName;
    private final InfotextHashes hashes;

    PipelineInfotext(String modelHash, String modelName, InfotextHashes hashes) {
        this.modelHash = modelHash;
        this.modelName = modelName;
        this.hashes = hashes;
    }

    /**
     * @param embeddings the textual-inversion embeddings the prompts used
     * @param bracketsInTexts whether an encoded text contained {@code (} or {@code [} (A1111 then names a
     *     non-default emphasis mode)
     */
    String write(GenerationRequest r, SamplingPlan plan, long seed, long subseed, List<String> loras,
            List<String> embeddings, boolean bracketsInTexts) {
        InfotextBuilder b = new InfotextBuilder(r.prompt(), r.negativePrompt());
        b.put("Steps", r.steps());
        b.put("Sampler", plan.sampler().displayName());
        b.put("Schedule type", scheduleLabel(r, plan));
        b.put("CFG scale", r.cfgScale());
        b.put("Seed", seed);
        b.put("Size", r.width() + "x" + r.height());
        b.put("Model hash", modelHash);
        b.put("Model", modelName);
        if (r.subseedStrength() != 0) {
            b.put("Variation seed", subseed);
            b.put("Variation seed strength", r.subseedStrength());
        }
        if (r.seedResizeFromW() > 0 && r.seedResizeFromH() > 0) {
            b.put("Seed resize from", r.seedResizeFromW() + "x" + r.seedResizeFromH());
        }
        if (r.isImageToImage()) {
            b.put("Denoising strength", r.denoisingStrength());
        } else if (r.hires().enabled()) {
            b.put("Denoising strength", r.hires().denoisingStrength());
        }
        if (r.clipSkip() > 1) {
            b.put("Clip skip", r.clipSkip());
        }
        String id = plan.sampler().id();
        double eta = Double.isNaN(r.eta()) ? defaultEta(id) : r.eta();
        if (r.ensd() != 0 && eta != 0 && USES_ENSD.contains(id)) {
            b.put("ENSD", r.ensd());
        }
        b.put("RNG", r.rngSource() == RngSource.CPU ? "CPU" : r.rngSource().name());
        if (r.hires().enabled()) {
            b.hires(hiresParams(r));
        }
        if (r.tiling()) {
            b.put("Tiling", "True");
        }
        if (hashes != null) {
            b.loraHashes(shortHashes(loras, hashes::lora));
            b.tiHashes(shortHashes(embeddings, hashes::embedding));
        }
        if (bracketsInTexts && r.emphasis() != Emphasis.ORIGINAL) {
            b.put("Emphasis", r.emphasis().displayName());
        }
        if (!Double.isNaN(r.eta()) && ANCESTRAL.contains(id) && r.eta() != 1.0) {
            b.put("Eta", r.eta()); // added by the sampler, after the prompt encoding's parameters
        }
        return b.build();
    }

    /** A1111 writes the hires sampler, scheduler and prompts only when they differ from the first pass's. */
    private static InfotextBuilder.HiresParams hiresParams(GenerationRequest r) {
        HiresFix h = r.hires();
        return new InfotextBuilder.HiresParams(h.denoisingStrength(), differing(h.sampler(), r.sampler()),
                differing(h.prompt(), r.prompt()), differing(h.negativePrompt(), r.negativePrompt()),
                differing(h.scheduler(), r.scheduler()), h.scale(), h.resizeX(), h.resizeY(), h.steps(),
                h.upscaler());
    }

    private static String differing(String hires, String first) {
        return hires == null || hires.equals(first) ? null : hires;
    }

    private static Map<String, String> shortHashes(List<String> names, Function<String, String> hash) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            String h = hash.apply(name);
            if (h != null) {
                out.putIfAbsent(name, h);
            }
        }
        return out;
    }

    private static double defaultEta(String samplerId) {
        return samplerId.startsWith("ddim") ? 0.0 : 1.0;
    }

    /** "Automatic" stays as chosen (A1111 does not convert it), a legacy combined sampler name gives its schedule. */
    private static String scheduleLabel(GenerationRequest r, SamplingPlan plan) {
        boolean automatic = r.scheduler().trim().toLowerCase(Locale.ROOT)
                .equals(SamplerRegistry.AUTOMATIC.toLowerCase(Locale.ROOT));
        boolean combinedName = !r.sampler().trim().equalsIgnoreCase(plan.sampler().displayName())
                && !r.sampler().trim().equalsIgnoreCase(plan.sampler().id())
                && !plan.sampler().aliases().stream().anyMatch(a -> a.equalsIgnoreCase(r.sampler().trim()));
        return automatic && !combinedName ? SamplerRegistry.AUTOMATIC : plan.schedule().displayName();
    }
}
