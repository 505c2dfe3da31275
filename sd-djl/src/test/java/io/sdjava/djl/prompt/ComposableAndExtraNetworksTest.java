package io.sdjava.djl.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposableAndExtraNetworksTest {
    @Test
    void andSplitsWithWeights() {
        assertEquals(List.of(new SubPrompt("a cat", 0.7), new SubPrompt(" a dog", 1.3)),
                ComposablePrompt.split("a cat :0.7 AND a dog :1.3"));
        assertEquals(List.of(new SubPrompt("a cat :1.2.3", 1.0), new SubPrompt(" b", 1.0)),
                ComposablePrompt.split("a cat :1.2.3 AND b"));
        assertEquals(1, ComposablePrompt.split("a cat ANDROID").size());
        assertEquals(List.of(new SubPrompt("", 1.0), new SubPrompt("", 1.0)), ComposablePrompt.split("AND"));
    }

    @Test
    void extraNetworkTagsAreRemovedAndTyped() {
        ExtraNetworks.Parsed p = ExtraNetworks.parse("(<lora:foo:0.7>:1.2) cat <lyco:bar:te=0.5:a=b=c>");
        assertEquals("(:1.2) cat ", p.cleanedPrompt());
        assertEquals(new ExtraNetworkTag("lora", List.of("foo", "0.7"), List.of("foo", "0.7"), Map.of()),
                p.networks().get(0));
        assertEquals(new ExtraNetworkTag("lyco", List.of("bar", "te=0.5", "a=b=c"), List.of("bar", "a=b=c"),
                Map.of("te", "0.5")), p.networks().get(1));
        assertEquals("<notanetwork> cat", ExtraNetworks.parse("<notanetwork> cat").cleanedPrompt());
    }

    @Test
    void emphasisModeNames() {
        assertEquals(EmphasisMode.NO_NORM, EmphasisMode.fromName("No norm"));
        org.junit.jupiter.api.Assertions.assertThrows(io.sdjava.InvalidRequestException.class,
                () -> EmphasisMode.fromName("Strong"));
    }
}
