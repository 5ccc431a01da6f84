package io.inferstream.config;

import java.util.Objects;

/**
 * The whole, validated configuration of one Inferstream process. Built once at start-up by {@link ConfigLoader};
 * immutable afterwards. Any problem (bad value, unknown key, clashing ports or topic names) fails start-up with a
 * {@link ConfigException} listing all of them.
 */
public record InferstreamConfig(KafkaSettings kafka, RegistrySettings registry, TopicsConfig topics,
                                EmbeddedSettings embedded, HttpSettings http, InferenceSettings inference,
                                RecommendSettings recommend, DriftSettings drift) {

    /** Prefixes whose unknown keys are passed to Kafka rather than rejected. */
    public static final java.util.List<String> PASSTHROUGH_PREFIXES = java.util.List.of("kafka.", "streams.", "producer.", "consumer.");

    public InferstreamConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(embedded, "embedded");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(inference, "inference");
        Objects.requireNonNull(recommend, "recommend");
        Objects.requireNonNull(drift, "drift");
    }

    /** Built-in defaults only: the embedded demo setup on loopback. */
    public static InferstreamConfig defaults() {
        return from(new RawConfig());
    }

    /** Types and validates flat keys; throws {@link ConfigException} naming every problem. */
    public static InferstreamConfig from(RawConfig raw) {
        ConfigReader r = new ConfigReader(raw);
        InferstreamConfig config = read(r);
        for (String key : r.unconsumedKeys()) {
            r.problem(key, "unknown key (Inferstream keys live under kafka., registry., topics., embedded., http., inference., recommend., drift.; "
                + "streams., producer. and consumer. pass through to Kafka; see README 'Configuration')");
        }
        r.throwIfProblems();
        return config;
    }

    /** Reads every section; kafka last, since its passthrough takes whatever kafka.* key is left. */
    private static InferstreamConfig read(ConfigReader r) {
        EmbeddedSettings embedded = EmbeddedSettings.read(r);
        RegistrySettings registry = RegistrySettings.read(r);
        HttpSettings http = HttpSettings.read(r);
        TopicsConfig topics = TopicsConfig.read(r);
        InferenceSettings inference = InferenceSettings.read(r);
        RecommendSettings recommend = RecommendSettings.read(r);
        DriftSettings drift = DriftSettings.read(r);
        KafkaSettings kafka = KafkaSettings.read(r);
        return new InferstreamConfig(kafka, registry, topics, embedded, http, inference, recommend, drift);
    }

    private static ConfigReader readDefaults() {
        return readAll(new RawConfig());
    }

    /**
     * Reads every section of {@code raw} and returns the reader, which knows the keys read (including per-entry ones
     * such as {@code inference.models.<name>.*}) and the passthrough prefixes; problems are left unthrown.
     * For tests that check the docs against the keys.
     */
    static ConfigReader readAll(RawConfig raw) {
        ConfigReader r = new ConfigReader(raw);
        read(r);
        return r;
    }

    /**
     * Whether Inferstream understands {@code key}: one it defines, or one under a passthrough prefix
     * ({@code kafka.}, {@code streams.}, {@code producer.}, {@code consumer.}, {@code registry.client.},
     * {@code topics.<topic>.config.}). Tools use it to check keys written elsewhere (docker-compose env vars).
     */
    public static boolean isKnownKey(String key) {
        ConfigReader r = readDefaults();
        if (r.definedKeys().contains(key)) {
            return true;
        }
        for (String prefix : r.passthroughPrefixes()) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The keys Inferstream defines itself, sorted (passthrough keys are open-ended and not listed). */
    public static java.util.Set<String> definedKeys() {
        return readDefaults().definedKeys();
    }

    /** Same config with other HTTP settings (the port actually bound when {@code http.port} is 0). */
    public InferstreamConfig withHttp(HttpSettings other) {
        return new InferstreamConfig(kafka, registry, topics, embedded, other, inference, recommend, drift);
    }

    /** Same config with other Kafka settings (e.g. a Streams default the demo supplies). */
    public InferstreamConfig withKafka(KafkaSettings other) {
        return new InferstreamConfig(other, registry, topics, embedded, http, inference, recommend, drift);
    }

    /** Same config pointed at other Kafka and registry endpoints (the demo's embedded ones). */
    public InferstreamConfig withEndpoints(String bootstrapServers, String registryUrl) {
        return new InferstreamConfig(kafka.withBootstrapServers(bootstrapServers), registry.withUrl(registryUrl), topics,
            embedded, http, inference, recommend, drift);
    }
}
