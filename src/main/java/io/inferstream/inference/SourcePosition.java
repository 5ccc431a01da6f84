package io.inferstream.inference;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where a record was read from; goes into dead letters so the original can be found and replayed. */
public record SourcePosition(String topic, int partition, long offset) {
    public SourcePosition {
        topic = topic == null ? "" : topic;
    }

    /** The position of the record being processed; ("", -1, -1) where there is none (a punctuation, a test). */
    public static SourcePosition of(Optional<RecordMetadata> metadata) {
        return metadata.map(m -> new SourcePosition(m.topic(), m.partition(), m.offset())).orElseGet(() -> new SourcePosition("", -1, -1));
    }
}
