package io.inferstream.serde;

/**
 * JSON that does not fit an Avro schema (or is not JSON at all). Thrown by {@link AvroJson}; the message starts with
 * the path of the bad value ({@code $.features.x.shape[0]: expected long, got string "a"}) so a tool can show it as
 * it is. An {@link IllegalArgumentException} because the caller's input is wrong.
 */
public final class AvroJsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public AvroJsonException(String message) {
        super(message);
    }

    public AvroJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
