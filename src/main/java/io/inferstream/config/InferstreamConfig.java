package io.inferstream.config;

import java.util.Objects;

/**
 * The whole, validated configuration of one Inferstream process. Built once at start-up by {@link ConfigLoader};
 * immutable afterwards. Any problem (bad value, unknown key, clashing ports or topic names) fails start-up with a
 * {@link ConfigException} listing all of them.
 */
public record InferstreamConfig(KafkaSettings kafka, RegistrySettings registry, TopicsConfig topics,
                                EmbeddedSettings embedded, HttpSettings http) {

    /** Prefixes whose unknown keys are passed to Kafka rather than rejected. */
    public static final java.util.List<String> PASSTHROUGH_PREFIXES = java.util.List.of("kafka.", "streams.", "producer.", "consumer.");

    public InferstreamConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(embedded, "embedded");
        Objects.requireNonNull(http, "http");
    }

    /** Built-in defaults only: the embedded demo setup on loopback. */
    public static InferstreamConfig defaults() {
        return from(new RawConfig());
    }

    /** Types and validates flat keys; throws {@link ConfigException} naming every problem. */
    public static InferstreamConfig from(RawConfig raw) {
        ConfigReader r = new ConfigReader(raw);
        EmbeddedSettings embedded = EmbeddedSettings.read(r);
        RegistrySettings registry = RegistrySettings.read(r);
        HttpSettings http = HttpSettings.read(r);
        TopicsConfig topics = TopicsConfig.read(r);
        KafkaSettings kafka = KafkaSettings.read(r);
        for (String key : r.unconsumedKeys()) {
            r.problem(key, "unknown key (Inferstream keys live under kafka., registry., topics., embedded., http.; "
                + "streams., producer. and consumer. pass through to Kafka; see README 'Configuration')");
        }
        r.throwIfProblems();
        return new InferstreamConfig(kafka, registry, topics, embedded, http);
    }

    /** Same config pointed at other Kafka and registry endpoints (the demo's embedded ones). */
    public InferstreamConfig withEndpoints(String bootstrapServers, String registryUrl) {
        return new InferstreamConfig(kafka.withBootstrapServers(bootstrapServers), registry.withUrl(registryUrl), topics,
            embedded, http);
    }
}
