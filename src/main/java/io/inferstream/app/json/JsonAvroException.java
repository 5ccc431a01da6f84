package io.inferstream.app.json;

/** JSON that does not fit the Avro schema; the message names the path ({@code $.features.x.shape[0]}). */
public final class JsonAvroException extends RuntimeException {
    public JsonAvroException(String message) {
        super(message);
    }
}
