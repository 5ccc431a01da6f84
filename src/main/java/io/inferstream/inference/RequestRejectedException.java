package io.inferstream.inference;

import java.util.Objects;

/** A request that cannot be scored, with the code it is dead-lettered under. Expected, so no stack trace. */
public final class RequestRejectedException extends Exception {

    private final RejectCode code;

    public RequestRejectedException(RejectCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public RejectCode code() {
        return code;
    }
}
