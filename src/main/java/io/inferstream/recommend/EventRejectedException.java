package io.inferstream.recommend;

/** A user event or request that must be dead-lettered, with the code that goes into the dead letter. */
final class EventRejectedException extends Exception {

    private final EventRejectCode code;

    EventRejectedException(EventRejectCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    EventRejectCode code() {
        return code;
    }
}
