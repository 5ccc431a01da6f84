package io.inferstream.recommend;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.Recommendations;
import java.util.Objects;
import io.inferstream.serde.Topic;

/**
 * The recommendation topology's topics. User events and feed requests are read as raw bytes so that a record that
 * does not decode can be dead-lettered byte for byte. Keys: user id on user-events, recommendation-requests and
 * recommendations; item id on item-factor-updates and item-factors. {@code userPartitions} is the partition count
 * of user-events (and so of recommendation-requests): the recall metric waits for that many user-side tasks.
 */
public record RecommendTopics(Topic<byte[], byte[]> userEvents, Topic<byte[], byte[]> requests,
                              Topic<String, ItemFactorUpdate> itemFactorUpdates, Topic<String, ItemFactors> itemFactors,
                              Topic<String, Recommendations> recommendations, Topic<byte[], DeadLetter> deadLetters,
                              Topic<String, DriftMetric> driftMetrics, int userPartitions) {
    public RecommendTopics {
        Objects.requireNonNull(userEvents, "userEvents");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(itemFactorUpdates, "itemFactorUpdates");
        Objects.requireNonNull(itemFactors, "itemFactors");
        Objects.requireNonNull(recommendations, "recommendations");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(driftMetrics, "driftMetrics");
        if (userPartitions < 1) {
            throw new IllegalArgumentException("userPartitions must be >= 1, got " + userPartitions);
        }
    }
}
