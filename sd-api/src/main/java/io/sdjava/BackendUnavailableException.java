package io.sdjava;

/** No backend (engine) is available, or the requested one is missing. */
public class BackendUnavailableException extends SdException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
