package io.sdjava.djl.checkpoint;

import io.sdjava.ModelLoadException;
import io.sdjava.UnsupportedModelException;
import java.util.Collection;

/** The Stable Diffusion family of a checkpoint, recognised from its keys. */
public enum ModelFamily {
    /** SD 1.x: CLIP ViT-L/14 text encoder, conv proj_in/proj_out. */
    SD1("SD 1.x"),
    /** SD 2.x: OpenCLIP ViT-H/14 text tower, linear proj_in/proj_out, often v-prediction. */
    SD2("SD 2.x"),
    /** SDXL: two text encoders under {@code conditioner.embedders}. */
    SDXL("SDXL");

    private final String label;

    ModelFamily(String label) {
        this.label = label;
    }

    /** @return a human-readable name such as {@code "SD 2.x"} */
    public String label() {
        return label;
    }

    /**
     * Recognises the family from the keys of a state dict.
     *
     * @param keys all keys of the checkpoint
     * @return the family
     * @throws ModelLoadException if the keys are not those of a Stable Diffusion checkpoint
     */
    public static ModelFamily detect(Collection<String> keys) {
        boolean unet = false;
        boolean clip = false;
        boolean openClip = false;
        boolean sdxl = false;
        for (String k : keys) {
            unet |= k.startsWith(LdmKeyLayout.UNET);
            clip |= k.startsWith(LdmKeyLayout.TEXT);
            openClip |= k.startsWith(LdmKeyLayout.OPEN_CLIP);
            sdxl |= k.startsWith(LdmKeyLayout.SDXL_CONDITIONER);
        }
        if (sdxl) {
            return SDXL;
        }
        if (openClip) {
            return SD2;
        }
        if (unet && clip) {
            return SD1;
        }
        throw new ModelLoadException("not a Stable Diffusion checkpoint in the LDM layout: expected keys under '"
                + LdmKeyLayout.UNET + "' and '" + LdmKeyLayout.TEXT + "' (found " + keys.size() + " keys"
                + (unet ? ", UNet present" : ", no UNet") + (clip ? ", CLIP present" : ", no text encoder") + ")");
    }

    /**
     * @throws UnsupportedModelException unless this family is supported (SD 1.x only, for now)
     */
    public void requireSupported() {
        if (this != SD1) {
            throw new UnsupportedModelException(label + " checkpoints are not supported yet (supported: "
                    + SD1.label + ")");
        }
    }
}
