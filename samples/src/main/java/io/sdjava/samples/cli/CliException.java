package io.sdjava.samples.cli;

/** A user-facing error of the command-line tool: printed as one line, without the exception's type. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
