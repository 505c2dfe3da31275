package io.sdjava;

/** A request, option or name is invalid (bad size, unknown sampler, out-of-range value). */
public class InvalidRequestException extends SdException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the bad value and the allowed values */
    public InvalidRequestException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
