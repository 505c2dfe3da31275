package io.sdjava.djl.infotext;

import io.sdjava.SdException;
import io.sdjava.djl.prompt.AttentionParser;
import io.sdjava.djl.prompt.WeightedText;

/** Whether a prompt uses attention weights, as A1111's infotext parser decides it. */
final class PromptEmphasis {
    private PromptEmphasis() {}

    /**
     * @param prompt a prompt
     * @return whether any fragment other than BREAK has a weight other than 1
     */
    static boolean usesEmphasis(String prompt) {
        try {
            for (WeightedText t : AttentionParser.parse(prompt)) {
                if (t.weight() != 1.0 && !t.text().equals(WeightedText.BREAK)) {
                    return true;
                }
            }
            return false;
        } catch (SdException e) {
            return false; // A1111 would fail on such a prompt; an infotext parse should not
        }
    }
}
