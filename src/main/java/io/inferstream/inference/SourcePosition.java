package io.inferstream.inference;

/** Where a record was read from; goes into dead letters so the original can be found and replayed. */
public record SourcePosition(String topic, int partition, long offset) {
    public SourcePosition {
        topic = topic == null ? "" : topic;
    }
}
