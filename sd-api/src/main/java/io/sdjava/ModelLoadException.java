package io.sdjava;

/** A model or weights file is missing, corrupt, hostile or incomplete. */
public class ModelLoadException extends SdException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
