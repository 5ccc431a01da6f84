package io.inferstream.model;

import java.util.Objects;

/**
 * A batch could not be scored. Carries a {@link ScoringErrorCode} so callers can dead-letter the
 * request with a stable reason, and the offending input name where there is one.
 */
public final class ScoringException extends RuntimeException {

    private final ScoringErrorCode code;
    private final String inputName;

    public ScoringException(ScoringErrorCode code, String inputName, String message) {
        this(code, inputName, message, null);
    }

    public ScoringException(ScoringErrorCode code, String inputName, String message, Throwable cause) {
        super(code + (inputName == null ? "" : " [" + inputName + "]") + ": " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.inputName = inputName;
    }

    /** The machine-readable reason. */
    public ScoringErrorCode code() {
        return code;
    }

    /** The input (feature) name concerned, or {@code null} when the error is not about one input. */
    public String inputName() {
        return inputName;
    }
}
