package io.inferstream.app;

/** Process exit codes, so scripts can tell a typo from an outage. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** A runtime failure (Kafka error, bad input record, ...). */
    public static final int FAILURE = 1;
    /** Bad command line (unknown option, missing argument): picocli's own code. */
    public static final int USAGE = 2;
    /** The configuration is invalid. */
    public static final int CONFIG = 3;
    /** Something needed is unavailable: a port in use, a broker or registry that does not answer. */
    public static final int UNAVAILABLE = 4;

    private ExitCodes() {
    }
}
