package io.inferstream.drift.label;

/**
 * Stream time that keeps moving with the wall clock while no records arrive: {@code stream time + wall-clock time
 * since stream time last advanced}. While records flow it is the stream time; when traffic stops, windows and label
 * deadlines still close, as they would have had the traffic continued (event time tracks the wall clock once a stream
 * is live). Not persisted: after a restart it starts from the first record.
 */
final class IdleClock {

    private long streamTime = Long.MIN_VALUE;
    private long wallAtAdvance;

    /** Notes a record's timestamp, seen at wall-clock {@code wallNow}. */
    void observe(long timestamp, long wallNow) {
        if (timestamp > streamTime) {
            streamTime = timestamp;
            wallAtAdvance = wallNow;
        }
    }

    /** The stream time (largest timestamp seen), {@code Long.MIN_VALUE} before the first record. */
    long streamTime() {
        return streamTime;
    }

    /** Stream time moved on by the wall-clock time since it last advanced; {@code Long.MIN_VALUE} before the first record. */
    long now(long wallNow) {
        return streamTime == Long.MIN_VALUE ? Long.MIN_VALUE : streamTime + Math.max(0, wallNow - wallAtAdvance);
    }
}
