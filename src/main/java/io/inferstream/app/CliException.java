package io.inferstream.app;

/**
 * A failure the user can act on. The CLI prints only its message (one line, no stack trace) and exits with
 * {@link #exitCode()}.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
