package io.inferstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.registry.KafkaSchemaStoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a real Kafka: state survives a registry restart, and the topic is in Confluent's format. */
class SchemaRegistryRestartIT {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final String USER_V1 = SchemaRegistryServerTest.USER_V1;
    static final String USER_V2 = SchemaRegistryServerTest.USER_V2;
    static final String ORDER = SchemaRegistryServerTest.ORDER;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private SchemaRegistryServerConfig config(String topic) {
        return SchemaRegistryServerConfig.ephemeral()
            .withKafkaStore(KafkaSchemaStoreConfig.of(kafka.bootstrapServers()).withTopic(topic));
    }

    private record Resp(int status, JsonNode json) {
    }

    private Resp send(SchemaRegistryServer server, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", CT)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Resp(r.statusCode(), JSON.readTree(r.body()));
    }

    private int register(SchemaRegistryServer server, String subject, String schema) throws Exception {
        Resp r = send(server, "POST", "/subjects/" + subject + "/versions",
            JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema)));
        assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
        return r.json().get("id").asInt();
    }

    @Test
    void shouldKeepIdsVersionsAndConfigAcrossARestartAndContinueTheIdSequence() throws Exception {
        SchemaRegistryServerConfig config = config("_schemas");
        try (SchemaRegistryServer first = SchemaRegistryServer.start(config)) {
            assertThat(register(first, "users-value", USER_V1)).isEqualTo(1);
            assertThat(register(first, "users-value", USER_V2)).isEqualTo(2);
            assertThat(register(first, "orders-value", ORDER)).isEqualTo(3);
            assertThat(register(first, "copy-value", USER_V1)).isEqualTo(1);
            assertThat(send(first, "PUT", "/config/orders-value", "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
            assertThat(send(first, "PUT", "/config", "{\"compatibility\":\"FORWARD\"}").status()).isEqualTo(200);
            assertThat(send(first, "DELETE", "/subjects/copy-value", null).status()).isEqualTo(200);
            assertThat(send(first, "DELETE", "/subjects/copy-value?permanent=true", null).status()).isEqualTo(200);
            assertThat(send(first, "DELETE", "/subjects/users-value/versions/1", null).status()).isEqualTo(200);
        }

        try (SchemaRegistryServer second = SchemaRegistryServer.start(config)) {
            assertThat(send(second, "GET", "/subjects", null).json().toString()).isEqualTo("[\"orders-value\",\"users-value\"]");
            assertThat(send(second, "GET", "/subjects/users-value/versions", null).json().toString()).isEqualTo("[2]");
            assertThat(send(second, "GET", "/subjects/users-value/versions?deleted=true", null).json().toString())
                .isEqualTo("[1,2]");
            JsonNode latest = send(second, "GET", "/subjects/users-value/versions/latest", null).json();
            assertThat(latest.get("id").asInt()).isEqualTo(2);
            assertThat(latest.get("version").asInt()).isEqualTo(2);
            assertThat(send(second, "GET", "/schemas/ids/1", null).json().get("schema").asText()).isEqualTo(USER_V1);
            assertThat(send(second, "GET", "/schemas/ids/3", null).json().get("schema").asText()).isEqualTo(ORDER);
            assertThat(send(second, "GET", "/subjects?deleted=true", null).json().toString()).doesNotContain("copy-value");
            assertThat(send(second, "GET", "/config/orders-value", null).json().get("compatibilityLevel").asText())
                .isEqualTo("FULL");
            assertThat(send(second, "GET", "/config", null).json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            assertThat(register(second, "users-value", USER_V1)).as("same schema keeps its id").isEqualTo(1);
            assertThat(send(second, "GET", "/subjects/users-value/versions", null).json().toString())
                .as("versions continue after the soft-deleted one").isEqualTo("[2,3]");
            assertThat(register(second, "payments-value", "{\"type\":\"record\",\"name\":\"Payment\",\"fields\":[]}"))
                .as("new ids continue the sequence").isEqualTo(4);
        }
    }

    @Test
    void shouldCreateACompactedSinglePartitionTopicInConfluentsFormat() throws Exception {
        String topic = "_schemas_format";
        try (SchemaRegistryServer server = SchemaRegistryServer.start(config(topic))) {
            register(server, "users-value", USER_V1);
            send(server, "PUT", "/config", "{\"compatibility\":\"NONE\"}");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config topicConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(topicConfig.get("cleanup.policy").value()).isEqualTo("compact");
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < 2 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).key()).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":1,\"magic\":1}");
        JsonNode value = JSON.readTree(records.get(0).value());
        assertThat(value.get("subject").asText()).isEqualTo("users-value");
        assertThat(value.get("version").asInt()).isEqualTo(1);
        assertThat(value.get("id").asInt()).isEqualTo(1);
        assertThat(value.get("schema").asText()).isEqualTo(USER_V1);
        assertThat(value.get("deleted").asBoolean()).isFalse();
        assertThat(value.has("schemaType")).isFalse();
        assertThat(records.get(1).key()).isEqualTo("{\"keytype\":\"CONFIG\",\"magic\":0}");
        assertThat(records.get(1).value()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    }
}
