package io.inferstream.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How one topic is created.
 *
 * @param topic         the logical topic
 * @param name          the actual Kafka topic name
 * @param partitions    partition count
 * @param cleanupPolicy delete or compact
 * @param retentionMs   {@code retention.ms}; empty leaves the broker default
 * @param configs       any further topic-level config ({@code topics.<logical>.config.<key>}), passed to Kafka as is
 */
public record TopicSpec(StandardTopic topic, String name, int partitions, CleanupPolicy cleanupPolicy,
                        OptionalLong retentionMs, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retentionMs, "retentionMs");
        configs = Map.copyOf(configs);
    }

    /** The topic-level configs to create the topic with: cleanup policy, retention and the extras. */
    public Map<String, String> kafkaConfigs() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cleanup.policy", cleanupPolicy.kafkaValue());
        retentionMs.ifPresent(ms -> out.put("retention.ms", Long.toString(ms)));
        out.putAll(configs);
        return out;
    }
}
