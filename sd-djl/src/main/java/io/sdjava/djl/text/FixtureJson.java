package io.sdjava.djl.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sdjava.InvalidPromptException;
import io.sdjava.djl.prompt.ExtraNetworkTag;
import io.sdjava.djl.prompt.ExtraNetworks;
import io.sdjava.djl.prompt.PromptSchedule;
import io.sdjava.djl.prompt.ScheduleEntry;
import io.sdjava.djl.prompt.WeightedText;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Renders our results in the JSON shapes of the {@code text} fixtures and finds the first difference (numbers compared
 * as exactly equal doubles; a reference error matches an {@link InvalidPromptException} quoting the same text).
 */
final class FixtureJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private FixtureJson() {}

    static ArrayNode attention(List<WeightedText> fragments) {
        ArrayNode out = MAPPER.createArrayNode();
        fragments.forEach(f -> out.addArray().add(f.text()).add(f.weight()));
        return out;
    }

    static ArrayNode schedule(PromptSchedule schedule) {
        ArrayNode out = MAPPER.createArrayNode();
        for (ScheduleEntry e : schedule.entries()) {
            out.addArray().add(e.endStep()).add(e.text());
        }
        return out;
    }

    static ArrayNode perCallEntry(PromptSchedule schedule, int steps) {
        ArrayNode out = MAPPER.createArrayNode();
        for (int k = 0; k < steps; k++) {
            out.add(schedule.entryIndexAt(k));
        }
        return out;
    }

    static ObjectNode extraNetworks(ExtraNetworks.Parsed parsed) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("cleaned_prompt", parsed.cleanedPrompt());
        ArrayNode networks = out.putArray("networks");
        for (ExtraNetworkTag tag : parsed.networks()) {
            ObjectNode n = networks.addObject();
            n.put("name", tag.name());
            tag.items().forEach(n.putArray("items")::add);
            tag.positional().forEach(n.putArray("positional")::add);
            ObjectNode named = n.putObject("named");
            tag.named().forEach(named::put);
        }
        return out;
    }

    /** The layout, or the reference's error shape when the text is rejected. */
    static JsonNode layout(Supplier<ChunkLayout> layout) {
        ChunkLayout l;
        try {
            l = layout.get();
        } catch (InvalidPromptException e) {
            return MAPPER.createObjectNode().put("error", "ValueError").put("message", e.getMessage());
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("attention", attention(l.attention()));
        ArrayNode ids = out.putArray("fragment_token_ids");
        l.fragmentTokenIds().forEach(f -> ints(ids.addArray(), f));
        out.put("token_count", l.tokenCount());
        ArrayNode chunks = out.putArray("chunks");
        for (PromptChunk c : l.chunks()) {
            ObjectNode chunk = chunks.addObject();
            ints(chunk.putArray("tokens"), c.tokens());
            ArrayNode mults = chunk.putArray("multipliers");
            for (double m : c.multipliers()) {
                mults.add(m);
            }
            ArrayNode slots = chunk.putArray("embedding_slots");
            for (EmbeddingSlot s : c.slots()) {
                slots.addObject().put("offset", s.offset()).put("first_position_in_77", s.firstPosition())
                        .put("name", s.name()).put("vectors", s.vectors());
            }
        }
        return out;
    }

    static void ints(ArrayNode out, int[] values) {
        for (int v : values) {
            out.add(v);
        }
    }

    /** @return the path and values of the first difference, or empty when equal */
    static Optional<String> firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.doubleValue() == actual.doubleValue() ? Optional.empty()
                    : Optional.of(path + ": " + actual + ", expected " + expected);
        }
        if (expected.isObject() && expected.has("error")) {
            return errorDifference(expected, actual, path);
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return Optional.of(path + ": " + abbreviate(actual) + ", expected " + abbreviate(expected));
        }
        if (expected.isArray()) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                Optional<String> d = firstDifference(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (d.isPresent()) {
                    return d;
                }
            }
            return expected.size() == actual.size() ? Optional.empty()
                    : Optional.of(path + ": " + actual.size() + " items, expected " + expected.size());
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode a = actual.get(e.getKey());
                if (a == null) {
                    return Optional.of(path + "." + e.getKey() + ": missing");
                }
                Optional<String> d = firstDifference(e.getValue(), a, path + "." + e.getKey());
                if (d.isPresent()) {
                    return d;
                }
            }
            return expected.size() == actual.size() ? Optional.empty()
                    : Optional.of(path + ": keys " + fieldNames(actual) + ", expected " + fieldNames(expected));
        }
        return expected.equals(actual) ? Optional.empty()
                : Optional.of(path + ": " + abbreviate(actual) + ", expected " + abbreviate(expected));
    }

    private static Optional<String> errorDifference(JsonNode expected, JsonNode actual, String path) {
        if (!actual.has("error")) {
            return Optional.of(path + ": accepted, the reference rejects it: " + expected.path("message").asText());
        }
        String reference = expected.path("message").asText();
        int quote = reference.indexOf('\'');
        String offending = quote < 0 ? reference : reference.substring(quote);
        return actual.path("message").asText().contains(offending) ? Optional.empty()
                : Optional.of(path + ": message '" + actual.path("message").asText() + "' does not quote " + offending);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
