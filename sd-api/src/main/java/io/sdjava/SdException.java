package io.sdjava;

/**
 * Parent of every exception thrown by sd-java. Unchecked; every message names the offending value and,
 * where there is a closed set, the allowed values.
 */
public class SdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public SdException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public SdException(String message, Throwable cause) {
        super(message, cause);
    }
}
