package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path f = dir.resolve("test.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void shouldUseEmbeddedDefaultsWithoutAnyInput() {
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafka().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(c.kafka().replicationFactor()).isEqualTo((short) 1);
        assertThat(c.registry().urlString()).isEqualTo("http://127.0.0.1:8081");
        assertThat(c.registry().autoRegister()).isTrue();
        assertThat(c.embedded().brokerPort()).isEqualTo(9092);
        assertThat(c.embedded().registryPort()).isEqualTo(8081);
        assertThat(c.embedded().dataDir()).isEqualTo(Path.of("./.inferstream/demo-data"));
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.topics().all()).hasSize(StandardTopic.values().length);
        assertThat(c.topics().spec(StandardTopic.MODEL_CONTROL).cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE);
        assertThat(c.topics().spec(StandardTopic.MODEL_DRIFT_ALERTS).retentionMs()).isEmpty();
        assertThat(c.topics().spec(StandardTopic.INFERENCE_REQUESTS).retentionMs()).hasValue(Duration.ofDays(7).toMillis());
    }

    @Test
    void shouldParseAPropertiesFile() throws Exception {
        Path f = file("""
            kafka.bootstrap.servers=broker1:9092, broker2:9092
            kafka.application.id=scoring
            kafka.processing.guarantee=at_least_once
            kafka.replication.factor=3
            registry.url=https://sr1:8081,https://sr2:8081
            registry.auto.register=false
            topics.create=false
            topics.inference-requests.name=prod.inference-requests
            topics.inference-requests.partitions=12
            topics.inference-requests.retention.ms=3600000
            topics.dead-letters.config.min.insync.replicas=2
            http.host=0.0.0.0
            """);
        InferstreamConfig c = ConfigLoader.load(Optional.of(f), Map.of(), List.of());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker1:9092, broker2:9092");
        assertThat(c.kafka().applicationId()).isEqualTo("scoring");
        assertThat(c.kafka().processingGuarantee()).isEqualTo("at_least_once");
        assertThat(c.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(c.registry().urls()).hasSize(2);
        assertThat(c.registry().autoRegister()).isFalse();
        assertThat(c.topics().create()).isFalse();
        TopicSpec req = c.topics().spec(StandardTopic.INFERENCE_REQUESTS);
        assertThat(req.name()).isEqualTo("prod.inference-requests");
        assertThat(req.partitions()).isEqualTo(12);
        assertThat(req.kafkaConfigs()).containsEntry("retention.ms", "3600000").containsEntry("cleanup.policy", "delete");
        assertThat(c.topics().spec(StandardTopic.DEAD_LETTERS).kafkaConfigs()).containsEntry("min.insync.replicas", "2");
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldLetEnvironmentOverrideFileAndSetOverrideEnvironment() throws Exception {
        Path f = file("kafka.bootstrap.servers=file:9092\nhttp.port=1000\n");
        Map<String, String> env = Map.of(
            "INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
            "INFERSTREAM_HTTP_PORT", "2000",
            "INFERSTREAM_TOPICS_INFERENCE__REQUESTS_PARTITIONS", "7",
            "INFERSTREAM_LOG_LEVEL", "DEBUG",
            "PATH", "/usr/bin");
        InferstreamConfig c = ConfigLoader.load(Optional.of(f), env, List.of("http.port=3000"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.http().port()).isEqualTo(3000);
        assertThat(c.topics().spec(StandardTopic.INFERENCE_REQUESTS).partitions()).isEqualTo(7);
    }

    @Test
    void shouldMapEnvironmentNamesToKeysAndBack() {
        assertThat(ConfigLoader.envToKey("INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS")).hasValue("kafka.bootstrap.servers");
        assertThat(ConfigLoader.envToKey("INFERSTREAM_TOPICS_MODEL__CONTROL_CLEANUP_POLICY"))
            .hasValue("topics.model-control.cleanup.policy");
        assertThat(ConfigLoader.envToKey("INFERSTREAM_LOG_LEVEL")).isEmpty();
        assertThat(ConfigLoader.envToKey("KAFKA_BOOTSTRAP_SERVERS")).isEmpty();
        assertThat(ConfigLoader.envToKey("INFERSTREAM_")).isEmpty();
        assertThat(ConfigLoader.keyToEnv("topics.model-control.cleanup.policy"))
            .hasValue("INFERSTREAM_TOPICS_MODEL__CONTROL_CLEANUP_POLICY");
        assertThat(ConfigLoader.keyToEnv("registry.url").flatMap(ConfigLoader::envToKey)).hasValue("registry.url");
    }

    @Test
    void shouldPassUnknownKafkaKeysThroughToTheRightClients() {
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of("INFERSTREAM_KAFKA_SECURITY_PROTOCOL", "SSL"), List.of(
            "streams.num.stream.threads=4",
            "producer.linger.ms=5",
            "consumer.max.poll.records=100"));
        KafkaSettings k = c.kafka();
        assertThat(k.passthrough()).containsExactly(Map.entry("security.protocol", "SSL"));
        assertThat(k.adminConfig()).containsEntry("security.protocol", "SSL").doesNotContainKey("linger.ms");
        assertThat(k.producerConfig()).containsEntry("security.protocol", "SSL").containsEntry("linger.ms", "5")
            .doesNotContainKey("max.poll.records");
        assertThat(k.consumerConfig()).containsEntry("max.poll.records", "100").doesNotContainKey("num.stream.threads");
        assertThat(k.streamsConfig("scoring"))
            .containsEntry("application.id", "inferstream-scoring")
            .containsEntry("processing.guarantee", "exactly_once_v2")
            .containsEntry("replication.factor", "1")
            .containsEntry("num.stream.threads", "4")
            .containsEntry("producer.linger.ms", "5")
            .containsEntry("consumer.max.poll.records", "100")
            .containsEntry("security.protocol", "SSL")
            .doesNotContainKey("linger.ms");
        // Inferstream's own keys are not passed through a second time.
        assertThat(k.passthrough()).doesNotContainKeys("bootstrap.servers", "application.id", "replication.factor");
    }

    @Test
    void shouldReportEveryProblemWithKeyAndOrigin() throws Exception {
        Path f = file("""
            kafka.replication.factor=zero
            kafka.processing.guarantee=exactly_once
            registry.url=ftp://x
            embedded.broker.port=70000
            """);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of("INFERSTREAM_HTTP_PORT", "http"), List.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
            .hasMessageContaining("5 problems")
            .hasMessageContaining("kafka.replication.factor: expected an integer between 1 and 32767, got 'zero' (from " + f + ")")
            .hasMessageContaining("kafka.processing.guarantee: expected exactly_once_v2 or at_least_once")
            .hasMessageContaining("registry.url: expected http://host:port")
            .hasMessageContaining("embedded.broker.port: expected an integer between 0 and 65535, got '70000'")
            .hasMessageContaining("http.port: expected an integer between 0 and 65535, got 'http' (from env INFERSTREAM_HTTP_PORT)");
    }

    @Test
    void shouldRejectUnknownKeysOutsideThePassthroughPrefixes() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("registry.urll=http://x:1", "foo.bar=1")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("registry.urll: unknown key")
            .hasMessageContaining("foo.bar: unknown key")
            .hasMessageContaining("(from --set registry.urll)");
    }

    @Test
    void shouldRejectUnknownTopicsAndClashingNames() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "topics.inference-request.partitions=3",
            "topics.inference-results.name=inference-requests",
            "topics.user-events.cleanup.policy=shred")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("unknown topic 'inference-request'")
            .hasMessageContaining("topic name 'inference-requests' is also used by topics.inference-requests")
            .hasMessageContaining("topics.user-events.cleanup.policy: expected delete, compact or compact,delete, got 'shred'");
    }

    @Test
    void shouldRejectSharedEmbeddedPortsButAllowEphemeralOnes() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("embedded.registry.port=9092")))
            .hasMessageContaining("embedded.registry.port: port 9092 is also embedded.broker.port");
        InferstreamConfig c = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "embedded.broker.port=0", "embedded.controller.port=0", "embedded.registry.port=0"));
        assertThat(c.embedded().brokerPort()).isZero();
    }

    @Test
    void shouldRejectEmptyValuesAndMalformedSetAndMissingFile() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("INFERSTREAM_KAFKA_APPLICATION_ID", " "), List.of()))
            .hasMessageContaining("kafka.application.id: must not be empty");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("novalue")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("--set expects key=value, got 'novalue'");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.properties")), Map.of(), List.of()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties does not exist");
    }

    @Test
    void shouldValidateBootstrapServers() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), List.of("kafka.bootstrap.servers=[::1]:9092,b-2.example:19092"))
            .kafka().bootstrapServers()).isEqualTo("[::1]:9092,b-2.example:19092");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("kafka.bootstrap.servers=localhost")))
            .hasMessageContaining("kafka.bootstrap.servers: expected host:port[,host:port...], got 'localhost'");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("kafka.bootstrap.servers=PLAINTEXT://k:9092")))
            .hasMessageContaining("expected host:port");
    }

    @Test
    void shouldAcceptAnEmptyFile() throws Exception {
        assertThat(ConfigLoader.load(Optional.of(file("")), Map.of(), List.of())).isEqualTo(InferstreamConfig.defaults());
    }

    @Test
    void shouldParseDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
