package io.sdjava.djl.checkpoint;

import io.sdjava.io.RenamedStateDict;
import io.sdjava.io.StateDict;
import java.util.Map;

/**
 * Legacy key names renamed to the current LDM layout, as A1111's {@code checkpoint_dict_replacements_sd1} does (CLIP
 * keys saved by older transformers versions, without the {@code text_model.} level).
 */
final class CanonicalKeys {
    private static final Map<String, String> SD1_REPLACEMENTS = Map.of(
            "cond_stage_model.transformer.embeddings.", LdmKeyLayout.TEXT + "embeddings.",
            "cond_stage_model.transformer.encoder.", LdmKeyLayout.TEXT + "encoder.",
            "cond_stage_model.transformer.final_layer_norm.", LdmKeyLayout.TEXT + "final_layer_norm.");

    private CanonicalKeys() {}

    /**
     * @param stateDict a checkpoint
     * @return the checkpoint itself when no key needs renaming, else a renaming view (closing it closes the file)
     */
    static StateDict of(StateDict stateDict) {
        boolean renamed = stateDict.keys().stream().anyMatch(k -> !canonical(k).equals(k));
        return renamed ? RenamedStateDict.of(stateDict, CanonicalKeys::canonical) : stateDict;
    }

    static String canonical(String key) {
        for (Map.Entry<String, String> e : SD1_REPLACEMENTS.entrySet()) {
            if (key.startsWith(e.getKey())) {
                return e.getValue() + key.substring(e.getKey().length());
            }
        }
        return key;
    }
}
