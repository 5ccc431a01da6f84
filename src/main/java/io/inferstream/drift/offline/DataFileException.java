package io.inferstream.drift.offline;

/** A data file the offline drift commands cannot use (missing, no header, ragged, wrong columns), with a message a user can act on. */
public final class DataFileException extends RuntimeException {

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
