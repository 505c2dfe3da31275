package io.sdjava.djl.text;

import io.sdjava.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the CLIP {@code tokenizer.json} at run time, in this order: the explicit path (a file, or a directory
 * holding {@code tokenizer.json}); {@code tokenizer.json} beside the checkpoint; {@code tokenizer.json} in the models
 * folder; else the Hugging Face download of {@value #HUB_MODEL} (with a clear message when offline).
 */
public final class TokenizerLocator {
    /** The file name looked for. */
    public static final String FILE_NAME = "tokenizer.json";
    /** The Hugging Face model whose tokenizer SD1.x uses. */
    public static final String HUB_MODEL = "openai/clip-vit-large-patch14";
    private static final Logger LOG = LoggerFactory.getLogger(TokenizerLocator.class);

    private TokenizerLocator() {}

    /**
     * @param explicit the user's tokenizer path, or {@code null}
     * @param checkpoint the checkpoint file, or {@code null}
     * @param modelsDir the models folder, or {@code null}
     * @return the first local {@code tokenizer.json} in lookup order, or empty when there is none
     * @throws ModelLoadException if {@code explicit} is given but holds no tokenizer
     */
    public static Optional<Path> findLocal(Path explicit, Path checkpoint, Path modelsDir) {
        if (explicit != null) {
            Path file = Files.isDirectory(explicit) ? explicit.resolve(FILE_NAME) : explicit;
            if (!Files.isRegularFile(file)) {
                throw new ModelLoadException("tokenizer " + explicit + " is neither a tokenizer.json file nor a"
                        + " directory holding one");
            }
            return Optional.of(file);
        }
        List<Path> candidates = new ArrayList<>();
        if (checkpoint != null && checkpoint.toAbsolutePath().getParent() != null) {
            candidates.add(checkpoint.toAbsolutePath().getParent().resolve(FILE_NAME));
        }
        if (modelsDir != null) {
            candidates.add(modelsDir.resolve(FILE_NAME));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * @param explicit the user's tokenizer path, or {@code null}
     * @param checkpoint the checkpoint file, or {@code null}
     * @param modelsDir the models folder, or {@code null}
     * @return the loaded tokenizer (caller closes)
     * @throws ModelLoadException if no tokenizer can be found, loaded or downloaded
     */
    public static ClipTokenizer open(Path explicit, Path checkpoint, Path modelsDir) {
        Optional<Path> local = findLocal(explicit, checkpoint, modelsDir);
        if (local.isPresent()) {
            return ClipTokenizer.load(local.get());
        }
        LOG.info("no local {}; fetching the tokenizer of {} from Hugging Face", FILE_NAME, HUB_MODEL);
        return ClipTokenizer.fromHub(HUB_MODEL);
    }
}
