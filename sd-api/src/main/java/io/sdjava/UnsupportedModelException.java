package io.sdjava;

/** A model file is valid but of a family or architecture this version does not support. */
public class UnsupportedModelException extends SdException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public UnsupportedModelException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
