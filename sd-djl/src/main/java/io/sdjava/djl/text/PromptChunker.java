package io.sdjava.djl.text;

import io.sdjava.InvalidRequestException;
import io.sdjava.djl.prompt.AttentionParser;
import io.sdjava.djl.prompt.EmphasisMode;
import io.sdjava.djl.prompt.WeightedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A1111's SD1.x chunk layout ({@code sd_hijack_clip.tokenize_line}): attention fragments are tokenized one by one and
 * packed into chunks of 75 tokens framed by BOS/EOS; {@code BREAK} closes a chunk; when a chunk fills up within
 * {@code commaPaddingBacktrack} tokens after a comma, the tokens after the comma move to the next chunk; embedding
 * names become placeholder slots that never straddle two chunks. Immutable and thread-safe when its
 * {@link TokenEncoder} is; the embedding names are tokenized once, at construction.
 */
public final class PromptChunker {
    /** Content tokens per chunk. */
    public static final int CHUNK_LENGTH = 75;
    /** A1111's default "Prompt word wrap length limit". */
    public static final int DEFAULT_COMMA_BACKTRACK = 20;

    private final TokenEncoder encoder;
    private final EmphasisMode emphasis;
    private final int commaBacktrack;
    private final Map<Integer, List<NameIds>> embeddingsByFirstId = new HashMap<>();

    private record NameIds(int[] ids, EmbeddingVocabulary.Entry entry) {}

    /**
     * @param encoder the tokenizer
     * @param embeddings the textual-inversion embeddings that may appear in prompts
     * @param emphasis the emphasis mode ({@link EmphasisMode#NONE} keeps brackets as text)
     * @param commaBacktrack A1111's {@code comma_padding_backtrack} (0 turns it off; default 20)
     * @throws InvalidRequestException if {@code commaBacktrack} is outside 0..74
     */
    public PromptChunker(TokenEncoder encoder, EmbeddingVocabulary embeddings, EmphasisMode emphasis,
            int commaBacktrack) {
        if (commaBacktrack < 0 || commaBacktrack >= CHUNK_LENGTH) {
            throw new InvalidRequestException("comma padding backtrack " + commaBacktrack + " is outside 0..74");
        }
        this.encoder = encoder;
        this.emphasis = emphasis;
        this.commaBacktrack = commaBacktrack;
        List<EmbeddingVocabulary.Entry> entries = embeddings.entries();
        for (EmbeddingVocabulary.Entry e : entries) {
            if (e.vectors() < 1 || e.vectors() > CHUNK_LENGTH) {
                throw new InvalidRequestException("embedding '" + e.name() + "' has " + e.vectors()
                        + " vectors; allowed 1.." + CHUNK_LENGTH);
            }
        }
        List<int[]> ids = encoder.encode(entries.stream().map(EmbeddingVocabulary.Entry::name).toList());
        for (int i = 0; i < entries.size(); i++) {
            if (ids.get(i).length > 0) {
                embeddingsByFirstId.computeIfAbsent(ids.get(i)[0], k -> new ArrayList<>())
                        .add(new NameIds(ids.get(i), entries.get(i)));
            }
        }
        // longest name first; List.sort is stable, so registration order breaks ties
        embeddingsByFirstId.values().forEach(l -> l.sort(Comparator.comparingInt((NameIds n) -> -n.ids().length)));
    }

    /**
     * @param encoder the tokenizer
     * @param embeddings the textual-inversion embeddings
     * @return a chunker with A1111's defaults (emphasis "Original", backtrack 20)
     */
    public static PromptChunker withDefaults(TokenEncoder encoder, EmbeddingVocabulary embeddings) {
        return new PromptChunker(encoder, embeddings, EmphasisMode.ORIGINAL, DEFAULT_COMMA_BACKTRACK);
    }

    /**
     * @param text one scheduled prompt text (no AND, no extra-network tags)
     * @return its layout
     * @throws io.sdjava.InvalidPromptException if an attention weight is invalid
     */
    public ChunkLayout layout(String text) {
        List<WeightedText> parsed = emphasis == EmphasisMode.NONE ? List.of(new WeightedText(text, 1.0))
                : AttentionParser.parse(text);
        List<int[]> tokenized = encoder.encode(parsed.stream().map(WeightedText::text).toList());
        Builder b = new Builder();
        for (int f = 0; f < parsed.size(); f++) {
            WeightedText fragment = parsed.get(f);
            if (fragment.isBreak()) {
                b.nextChunk(false);
                continue;
            }
            addFragment(b, tokenized.get(f), fragment.weight());
        }
        if (!b.tokens.isEmpty() || b.chunks.isEmpty()) {
            b.nextChunk(true);
        }
        return new ChunkLayout(parsed, tokenized, b.tokenCount, b.chunks);
    }

    private void addFragment(Builder b, int[] tokens, double weight) {
        int position = 0;
        while (position < tokens.length) {
            int token = tokens[position];
            if (token == ClipTokenizer.COMMA) {
                b.lastComma = b.tokens.size();
            } else if (commaBacktrack != 0 && b.tokens.size() == CHUNK_LENGTH && b.lastComma != -1
                    && b.tokens.size() - b.lastComma <= commaBacktrack) {
                b.relocateAfterComma();
            }
            if (b.tokens.size() == CHUNK_LENGTH) {
                b.nextChunk(false);
            }
            NameIds embedding = embeddingAt(tokens, position);
            if (embedding == null) {
                b.tokens.add(token);
                b.multipliers.add(weight);
                position++;
                continue;
            }
            int vectors = embedding.entry().vectors();
            if (b.tokens.size() + vectors > CHUNK_LENGTH) {
                b.nextChunk(false);
            }
            b.slots.add(new EmbeddingSlot(b.tokens.size(), embedding.entry().name(), vectors));
            for (int v = 0; v < vectors; v++) {
                b.tokens.add(0);
                b.multipliers.add(weight);
            }
            position += embedding.ids().length;
        }
    }

    private NameIds embeddingAt(int[] tokens, int offset) {
        List<NameIds> candidates = embeddingsByFirstId.get(tokens[offset]);
        if (candidates == null) {
            return null;
        }
        for (NameIds c : candidates) {
            int end = offset + c.ids().length;
            if (end <= tokens.length && Arrays.equals(Arrays.copyOfRange(tokens, offset, end), c.ids())) {
                return c;
            }
        }
        return null;
    }

    /** The mutable state of one layout run. */
    private static final class Builder {
        final List<PromptChunk> chunks = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        List<Double> multipliers = new ArrayList<>();
        List<EmbeddingSlot> slots = new ArrayList<>();
        int tokenCount;
        int lastComma = -1;

        void nextChunk(boolean isLast) {
            tokenCount += isLast ? tokens.size() : CHUNK_LENGTH;
            PromptChunk empty = PromptChunk.empty();
            int[] ids = empty.tokens();
            double[] mults = empty.multipliers();
            // A1111 pads only up to 75; a chunk is never longer here
            for (int i = 0; i < tokens.size(); i++) {
                ids[i + 1] = tokens.get(i);
                mults[i + 1] = multipliers.get(i);
            }
            chunks.add(new PromptChunk(ids, mults, slots));
            tokens = new ArrayList<>();
            multipliers = new ArrayList<>();
            slots = new ArrayList<>();
            lastComma = -1;
        }

        /** Moves the tokens after the last comma to a new chunk; embedding slots stay behind (A1111's quirk). */
        void relocateAfterComma() {
            int breakLocation = lastComma + 1;
            List<Integer> movedTokens = new ArrayList<>(tokens.subList(breakLocation, tokens.size()));
            List<Double> movedMultipliers = new ArrayList<>(multipliers.subList(breakLocation, multipliers.size()));
            tokens = new ArrayList<>(tokens.subList(0, breakLocation));
            multipliers = new ArrayList<>(multipliers.subList(0, breakLocation));
            nextChunk(false);
            tokens = movedTokens;
            multipliers = movedMultipliers;
        }
    }
}
