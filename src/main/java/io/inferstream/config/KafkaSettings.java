package io.inferstream.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach Kafka and run Kafka Streams.
 *
 * <p>Inferstream defines a handful of keys; every other key passes through unchanged so any Kafka client or
 * Streams setting (security, timeouts, tuning) can be used without Inferstream knowing about it:
 * {@code kafka.X} goes to every client (admin, producer, consumer, Streams), {@code streams.X} to Kafka Streams
 * only, {@code producer.X} / {@code consumer.X} to producers / consumers (including those inside Streams, via
 * Streams' own {@code producer.}/{@code consumer.} prefixes).
 *
 * @param bootstrapServers    {@code kafka.bootstrap.servers}
 * @param applicationId       {@code kafka.application.id}: Streams application id and consumer group prefix
 * @param processingGuarantee {@code kafka.processing.guarantee}: exactly_once_v2 (default) or at_least_once
 * @param replicationFactor   {@code kafka.replication.factor}: for created topics and Streams' internal topics
 * @param passthrough         other {@code kafka.*} keys, prefix removed
 * @param streams             {@code streams.*} keys, prefix removed
 * @param producer            {@code producer.*} keys, prefix removed
 * @param consumer            {@code consumer.*} keys, prefix removed
 */
public record KafkaSettings(String bootstrapServers, String applicationId, String processingGuarantee,
                            short replicationFactor, Map<String, String> passthrough, Map<String, String> streams,
                            Map<String, String> producer, Map<String, String> consumer) {

    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
    public static final String AT_LEAST_ONCE = "at_least_once";

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(processingGuarantee, "processingGuarantee");
        passthrough = Map.copyOf(passthrough);
        streams = Map.copyOf(streams);
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /** Same settings, other brokers: the demo points everything at the embedded node it started. */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, applicationId, processingGuarantee, replicationFactor, passthrough, streams,
            producer, consumer);
    }

    /** Same settings with a Streams property set unless the configuration already sets it ({@code streams.<key>}). */
    public KafkaSettings withStreamsDefault(String key, String value) {
        if (streams.containsKey(key)) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(streams);
        more.put(key, value);
        return new KafkaSettings(bootstrapServers, applicationId, processingGuarantee, replicationFactor, passthrough, more,
            producer, consumer);
    }

    /** Properties for an Admin client. */
    public Map<String, Object> adminConfig() {
        Map<String, Object> out = new LinkedHashMap<>(passthrough);
        out.put("bootstrap.servers", bootstrapServers);
        return out;
    }

    /** Properties for a plain producer (serializers are the caller's). */
    public Map<String, Object> producerConfig() {
        Map<String, Object> out = new LinkedHashMap<>(passthrough);
        out.putAll(producer);
        out.put("bootstrap.servers", bootstrapServers);
        return out;
    }

    /** Properties for a plain consumer (group id and deserializers are the caller's). */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> out = new LinkedHashMap<>(passthrough);
        out.putAll(consumer);
        out.put("bootstrap.servers", bootstrapServers);
        return out;
    }

    /**
     * Properties for one KafkaStreams instance.
     *
     * @param applicationIdSuffix appended as {@code <applicationId>-<suffix>} so several topologies can run side by
     *                            side with their own state; empty for the bare application id
     */
    public Map<String, Object> streamsConfig(String applicationIdSuffix) {
        Map<String, Object> out = new LinkedHashMap<>(passthrough);
        producer.forEach((k, v) -> out.put("producer." + k, v));
        consumer.forEach((k, v) -> out.put("consumer." + k, v));
        out.put("bootstrap.servers", bootstrapServers);
        out.put("application.id", applicationIdSuffix.isEmpty() ? applicationId : applicationId + "-" + applicationIdSuffix);
        out.put("processing.guarantee", processingGuarantee);
        out.put("replication.factor", Short.toString(replicationFactor));
        out.putAll(streams);
        return out;
    }

    static KafkaSettings read(ConfigReader r) {
        String bootstrap = r.nonBlank("kafka.bootstrap.servers", "127.0.0.1:9092");
        for (String hp : bootstrap.split(",")) {
            if (!hp.trim().matches("(\\[[0-9a-fA-F:.]+\\]|[^\\s:/\\[\\]]+):\\d{1,5}")) {
                r.problem("kafka.bootstrap.servers", "expected host:port[,host:port...], got '" + bootstrap + "'");
                break;
            }
        }
        String appId = r.nonBlank("kafka.application.id", "inferstream");
        if (!appId.matches("[a-zA-Z0-9._-]+")) {
            r.problem("kafka.application.id", "may only contain letters, digits, '.', '_' and '-', got '" + appId + "'");
        }
        String guarantee = r.nonBlank("kafka.processing.guarantee", EXACTLY_ONCE_V2);
        if (!guarantee.equals(EXACTLY_ONCE_V2) && !guarantee.equals(AT_LEAST_ONCE)) {
            r.problem("kafka.processing.guarantee", "expected exactly_once_v2 or at_least_once, got '" + guarantee + "'");
        }
        short rf = (short) r.integer("kafka.replication.factor", 1, 1, Short.MAX_VALUE);
        return new KafkaSettings(bootstrap, appId, guarantee, rf, r.remainingUnder("kafka."), r.remainingUnder("streams."),
            r.remainingUnder("producer."), r.remainingUnder("consumer."));
    }
}
