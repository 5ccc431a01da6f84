package io.inferstream.drift.monitor;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.serde.Topic;
import java.util.Objects;

/**
 * The drift topology's topics. Results are read as raw bytes so that one that does not decode can be
 * dead-lettered byte for byte.
 */
public record DriftTopics(Topic<byte[], byte[]> results, Topic<String, DeadLetter> deadLetters, Topic<String, DriftMetric> metrics,
                          Topic<String, DriftAlert> alerts, Topic<String, DriftReferenceProfile> references) {
    public DriftTopics {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(references, "references");
    }
}
