package io.sdjava;

/** A generation was cancelled through its {@link CancellationToken}. */
public class GenerationCancelledException extends SdException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public GenerationCancelledException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public GenerationCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
