package io.inferstream.ops;

import java.time.Duration;
import java.util.Map;

/**
 * An answer with an error status, written as {@code {"error_code": n, "message": "..."}}. The error code is the HTTP
 * status, or a five-digit refinement of it (40401: unknown user), as in the schema registry's API.
 */
public final class OpsHttpException extends RuntimeException {

    private final int status;
    private final int errorCode;
    private final Map<String, String> headers;

    public OpsHttpException(int status, int errorCode, String message, Map<String, String> headers) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
        this.errorCode = errorCode;
        this.headers = Map.copyOf(headers);
    }

    public OpsHttpException(int status, int errorCode, String message) {
        this(status, errorCode, message, Map.of());
    }

    public static OpsHttpException badRequest(int errorCode, String message) {
        return new OpsHttpException(400, errorCode, message);
    }

    public static OpsHttpException notFound(int errorCode, String message) {
        return new OpsHttpException(404, errorCode, message);
    }

    /** 503 with {@code Retry-After} (whole seconds, at least 1): the answer exists, just not here or not now. */
    public static OpsHttpException unavailable(String message, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new OpsHttpException(503, 503, message, Map.of(OpsHeaders.RETRY_AFTER, Long.toString(seconds)));
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** Extra response headers ({@code Retry-After}, {@code Allow}). */
    public Map<String, String> headers() {
        return headers;
    }
}
