package io.sdjava.djl.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP BPE tokenization giving the ids of A1111's SD1.x tokenizer (the Hugging Face slow {@code CLIPTokenizer} with
 * ftfy): {@link ClipTextNormalizer} first, then {@code <|startoftext|>}/{@code <|endoftext|>} in any letter case as
 * their special ids, then DJL's {@link HuggingFaceTokenizer} on a {@code tokenizer.json} with special tokens and
 * truncation off. Thread-safe; close it to free the native tokenizer.
 */
public final class ClipTokenizer implements TokenEncoder, AutoCloseable {
    /** {@code <|startoftext|>}. */
    public static final int BOS = 49406;
    /** {@code <|endoftext|>}, also the SD1 padding id. */
    public static final int EOS = 49407;
    /** {@code ,</w>}. */
    public static final int COMMA = 267;
    private static final Pattern SPECIAL = Pattern.compile("<\\|startoftext\\|>|<\\|endoftext\\|>",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final HuggingFaceTokenizer tokenizer;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * @param tokenizerJson a Hugging Face {@code tokenizer.json} of CLIP ViT-L/14 (openai/clip-vit-large-patch14)
     * @return the tokenizer
     * @throws ModelLoadException if the file is missing or cannot be loaded
     */
    public static ClipTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelLoadException("CLIP tokenizer file not found: " + tokenizerJson);
        }
        try {
            return new ClipTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load CLIP tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Downloads (or reuses from the Hugging Face cache) the tokenizer of a hub model.
     *
     * @param modelId a Hugging Face model id such as {@code openai/clip-vit-large-patch14}
     * @return the tokenizer
     * @throws ModelLoadException if it cannot be fetched, for example when offline
     */
    static ClipTokenizer fromHub(String modelId) {
        try {
            return new ClipTokenizer(HuggingFaceTokenizer.newInstance(modelId,
                    java.util.Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot download the CLIP tokenizer '" + modelId + "' from Hugging Face ("
                    + e.getMessage() + "); when offline, put its tokenizer.json beside the checkpoint or pass it"
                    + " with Pipeline.Builder.tokenizer(path)", e);
        }
    }

    @Override
    public List<int[]> encode(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(encodeOne(text));
        }
        return out;
    }

    private int[] encodeOne(String raw) {
        String text = ClipTextNormalizer.fix(raw);
        List<Integer> ids = new ArrayList<>();
        Matcher m = SPECIAL.matcher(text);
        int last = 0;
        while (m.find()) {
            appendPiece(text.substring(last, m.start()), ids);
            ids.add(m.group().toLowerCase(java.util.Locale.ROOT).contains("start") ? BOS : EOS);
            last = m.end();
        }
        appendPiece(text.substring(last), ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void appendPiece(String piece, List<Integer> ids) {
        if (piece.isEmpty()) {
            return;
        }
        Encoding encoding = tokenizer.encode(piece, false, false);
        for (long id : encoding.getIds()) {
            ids.add((int) id);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
