package io.inferstream.drift.detect;

/**
 * A change detector fed one value at a time, typically a model's per-record error (0/1 for a
 * misclassification, or a loss), for concept drift once labels arrive. Its state serializes to
 * bytes so a state store can keep one per model version.
 */
public interface SequentialDetector {

    /** Feeds one value; true when this value made the detector signal a change. */
    boolean update(double value);

    /** Whether the last {@link #update} signalled a change (the next update starts afresh, as in River). */
    boolean driftDetected();

    /** The full state, for a state store. */
    byte[] toBytes();
}
