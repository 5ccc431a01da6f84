package io.inferstream.drift.monitor;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.serde.Topic;
import java.util.Objects;

/**
 * The drift topology's topics. Results and label sources are read as raw bytes so that a record that does not decode
 * can be dead-lettered byte for byte. {@code observations} carries the observed window partials, bootstrap partials and
 * label-join batches in their binary form ({@link Observations}). {@code userEvents} and {@code labels} are the label
 * sources of performance drift; null: that source is not read.
 */
public record DriftTopics(Topic<byte[], byte[]> results, Topic<String, DeadLetter> deadLetters, Topic<String, DriftMetric> metrics,
                          Topic<String, DriftAlert> alerts, Topic<String, DriftReferenceProfile> references,
                          Topic<String, byte[]> observations, Topic<byte[], byte[]> userEvents, Topic<byte[], byte[]> labels) {
    public DriftTopics {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(references, "references");
    }

    /** Without label sources: no performance drift from labels. */
    public DriftTopics(Topic<byte[], byte[]> results, Topic<String, DeadLetter> deadLetters, Topic<String, DriftMetric> metrics,
                       Topic<String, DriftAlert> alerts, Topic<String, DriftReferenceProfile> references,
                       Topic<String, byte[]> observations) {
        this(results, deadLetters, metrics, alerts, references, observations, null, null);
    }
}
