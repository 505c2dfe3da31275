package io.sdjava.djl.checkpoint;

import io.sdjava.io.StateDict;
import java.util.List;

/** Key prefixes and buffer names of the LDM/CompVis checkpoint layout that A1111 loads. */
public final class LdmKeyLayout {
    /** Prefix of the UNet weights. */
    public static final String UNET = "model.diffusion_model.";
    /** Prefix of the VAE weights. */
    public static final String VAE = "first_stage_model.";
    /** Prefix of the SD 1.x CLIP text encoder weights (Hugging Face {@code CLIPTextModel} names follow). */
    public static final String TEXT = "cond_stage_model.transformer.text_model.";
    /** Prefix of the SD 2.x OpenCLIP text tower. */
    static final String OPEN_CLIP = "cond_stage_model.model.";
    /** Prefix of SDXL's text encoders. */
    static final String SDXL_CONDITIONER = "conditioner.embedders.";
    /** Key of the CLIP position-id buffer, which some files store and some leave out. */
    public static final String POSITION_IDS = TEXT + "embeddings.position_ids";
    /** Key of the cumulative alpha buffer the samplers' sigma table is derived from. */
    public static final String ALPHAS_CUMPROD = "alphas_cumprod";

    /** The DDPM schedule buffers a LatentDiffusion checkpoint stores (not weights of any network). */
    public static final List<String> SCHEDULE_BUFFERS = List.of("betas", ALPHAS_CUMPROD, "alphas_cumprod_prev",
            "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod",
            "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
            "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2");

    private LdmKeyLayout() {}

    /**
     * Renames legacy keys to the current layout (A1111's {@code checkpoint_dict_replacements_sd1}: CLIP keys
     * without the {@code text_model.} level, as older transformers versions saved them).
     *
     * @param checkpoint an opened checkpoint
     * @return {@code checkpoint} itself when nothing needs renaming, else a renaming view that closes it
     */
    public static StateDict canonical(StateDict checkpoint) {
        return CanonicalKeys.of(checkpoint);
    }

    /**
     * @param key a checkpoint key
     * @return whether the key is a buffer rather than a network weight (schedule buffers, position ids)
     */
    public static boolean isBuffer(String key) {
        return SCHEDULE_BUFFERS.contains(key) || key.equals(POSITION_IDS);
    }
}
