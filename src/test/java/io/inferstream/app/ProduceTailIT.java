package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce} then {@code tail} through the registry serde, on an embedded broker and registry. */
class ProduceTailIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static DemoRunner demo;
    private static DemoRunner.Endpoints endpoints;

    @BeforeAll
    static void start() {
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "embedded.broker.port=0", "embedded.controller.port=0", "embedded.registry.port=0",
            "embedded.data.dir=" + dir.resolve("data")));
        demo = new DemoRunner(config, List.of());
        endpoints = demo.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    private static CliRun cli(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kafka.bootstrap.servers=" + endpoints.bootstrapServers(),
            "--set", "registry.url=" + endpoints.registryUrl()));
        return CliRun.run(Map.of(), stdin, List.of(), all.toArray(String[]::new));
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : out.split("\\R")) {
            if (!l.isBlank()) {
                nodes.add(JSON.readTree(l));
            }
        }
        return nodes;
    }

    @Test
    void shouldProducePlainJsonAndTailItBackAsEqualJson() throws Exception {
        String input = """
            {"userId": "u1", "itemId": "i1", "type": "CLICK", "value": 1.0, "timestamp": 1700000000000, "requestId": "r1"}
            {"userId": "u2", "itemId": "i2", "type": "RATING", "value": 4.5, "timestamp": 1700000000001, "requestId": null}

            {"userId": "u3", "itemId": "i3", "type": "VIEW", "value": 1.0, "timestamp": 1700000000002, "requestId": null}
            """;
        CliRun produced = cli(input, "produce", "user-events", "--value-type", "UserEvent", "--key-field", "userId");
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.out()).contains("Produced 3 records to user-events");

        CliRun tailed = cli("", "tail", "user-events", "--from-beginning", "--max", "3", "--timeout", "30s");
        assertThat(tailed.exitCode()).as(tailed.err()).isZero();
        List<JsonNode> out = lines(tailed.out());
        assertThat(out).hasSize(3);
        List<JsonNode> expected = lines(input);
        for (JsonNode e : expected) {
            JsonNode match = out.stream().filter(n -> n.get("key").asText().equals(e.get("userId").asText())).findFirst().orElseThrow();
            assertThat(match.get("value")).isEqualTo(e);
            assertThat(match.has("partition")).isTrue();
            assertThat(match.has("offset")).isTrue();
        }

        // The subject is registered now: produce uses its latest schema without --value-type, and fills defaults.
        CliRun again = cli("{\"userId\": \"u4\", \"itemId\": \"i4\", \"type\": \"PURCHASE\", \"timestamp\": \"2026-11-28T16:00:00Z\"}\n",
            "produce", "user-events", "--key-field", "userId");
        assertThat(again.exitCode()).as(again.err()).isZero();
        CliRun all = cli("", "tail", "user-events", "--from-beginning", "--max", "4", "--timeout", "30s");
        JsonNode u4 = lines(all.out()).stream().filter(n -> n.get("key").asText().equals("u4")).findFirst().orElseThrow();
        assertThat(u4.get("value").get("value").asDouble()).isEqualTo(1.0);
        assertThat(u4.get("value").get("timestamp").asLong()).isEqualTo(1795881600000L);
        assertThat(u4.get("value").get("requestId").isNull()).isTrue();
    }

    @Test
    void shouldRoundTripTailOutputThroughProduceEnvelopeAndAvroJson() throws Exception {
        String avroJson = "{\"userId\": \"a1\", \"itemId\": \"x\", \"type\": \"VIEW\", \"value\": 2.0, \"timestamp\": 5, "
            + "\"requestId\": {\"string\": \"req-9\"}}\n";
        CliRun p = cli(avroJson, "produce", "avro-json-src", "--value-type", "UserEvent", "--format", "avro",
            "--key-field", "userId");
        // Topic does not exist yet: the broker auto-creates it (auto.create.topics.enable=true on the embedded node).
        assertThat(p.exitCode()).as(p.err()).isZero();
        CliRun t1 = cli("", "tail", "avro-json-src", "--from-beginning", "--max", "1", "--timeout", "30s");
        assertThat(t1.exitCode()).as(t1.err()).isZero();
        JsonNode first = lines(t1.out()).get(0);
        assertThat(first.get("value").get("requestId").asText()).isEqualTo("req-9");

        CliRun p2 = cli(t1.out(), "produce", "copy-dst", "--value-type", "UserEvent", "--envelope");
        assertThat(p2.exitCode()).as(p2.err()).isZero();
        CliRun t2 = cli("", "tail", "copy-dst", "--from-beginning", "--max", "1", "--timeout", "30s");
        JsonNode copy = lines(t2.out()).get(0);
        assertThat(copy.get("key")).isEqualTo(first.get("key"));
        assertThat(copy.get("value")).isEqualTo(first.get("value"));
    }

    @Test
    void shouldReportUndecodableRecordsAndKeepGoing() throws Exception {
        CliRun ok1 = cli("{\"userId\": \"g1\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}\n",
            "produce", "mixed", "--value-type", "UserEvent", "--key-field", "userId");
        assertThat(ok1.exitCode()).as(ok1.err()).isZero();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", endpoints.bootstrapServers()),
            new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>("mixed", "junk".getBytes(), "not avro at all".getBytes())).get();
        }
        CliRun ok2 = cli("{\"userId\": \"g2\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 2}\n",
            "produce", "mixed", "--value-type", "UserEvent", "--key-field", "userId");
        assertThat(ok2.exitCode()).as(ok2.err()).isZero();

        CliRun t = cli("", "tail", "mixed", "--from-beginning", "--max", "3", "--timeout", "30s");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(lines(t.out())).extracting(n -> n.get("key").asText()).containsExactly("g1", "g2");
        assertThat(t.err()).containsPattern("error: partition 0 offset 1: cannot decode value: .+");
    }

    @Test
    void shouldStopAtABadLineNamingItAfterSendingTheGoodOnes() throws Exception {
        String input = "{\"userId\": \"b1\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}\n"
            + "{\"userId\": \"b2\", \"itemId\": \"i\", \"type\": \"SHOUT\", \"timestamp\": 1}\n";
        CliRun p = cli(input, "produce", "bad-lines", "--value-type", "UserEvent");
        assertThat(p.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(p.err()).contains("error: line 2: $.type: expected one of [VIEW, CLICK, PURCHASE, RATING, UNKNOWN], got string \"SHOUT\"")
            .contains("1 record before it was sent");
        CliRun t = cli("", "tail", "bad-lines", "--from-beginning", "--max", "1", "--timeout", "30s");
        assertThat(lines(t.out())).hasSize(1);
    }

    @Test
    void shouldExplainMissingTopicsAndSchemas() {
        CliRun tail = cli("", "tail", "no-such-topic", "--max", "1", "--timeout", "5s");
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(tail.err()).contains("error: Topic no-such-topic does not exist (create it with 'inferstream topics')");

        CliRun produce = cli("{}\n", "produce", "unknown-stuff");
        assertThat(produce.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(produce.err()).contains("No value schema for unknown-stuff: subject unknown-stuff-value is not registered; "
            + "give --schema FILE.avsc or --value-type TYPE");
    }

    @Test
    void shouldUseTheStandardSchemaOfAnInferstreamTopicAndAnAvscFile() throws Exception {
        CliRun standard = cli("{\"model\": \"m\", \"type\": \"PIN\", \"version\": 3, \"timestamp\": 1}\n",
            "produce", "model-control", "--key-field", "model");
        assertThat(standard.exitCode()).as(standard.err()).isZero();
        CliRun tailed = cli("", "tail", "model-control", "--from-beginning", "--max", "1", "--timeout", "30s");
        JsonNode v = lines(tailed.out()).get(0);
        assertThat(v.get("key").asText()).isEqualTo("m");
        assertThat(v.get("value").get("version").asLong()).isEqualTo(3);

        Path avsc = dir.resolve("point.avsc");
        java.nio.file.Files.writeString(avsc, "{\"type\": \"record\", \"name\": \"Point\", \"fields\": ["
            + "{\"name\": \"x\", \"type\": \"int\"}, {\"name\": \"label\", \"type\": [\"null\", \"string\"], \"default\": null}]}");
        CliRun own = cli("{\"x\": 1}\n{\"x\": 2, \"label\": \"two\"}\n", "produce", "points", "--schema", avsc.toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
        CliRun points = cli("", "tail", "points", "--from-beginning", "--max", "2", "--timeout", "30s");
        assertThat(lines(points.out())).extracting(n -> n.get("value").toString())
            .containsExactly("{\"x\":1,\"label\":null}", "{\"x\":2,\"label\":\"two\"}");
    }

    @Test
    void shouldCreateTopicsIdempotently() {
        CliRun first = cli("", "topics");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("15 topics: 0 created, 15 already existed")
            .contains("exists   model-control").contains("cleanup.policy=compact");
        CliRun changed = cli("", "topics", "--set", "topics.user-events.partitions=5");
        assertThat(changed.out()).contains("WARNING: has 3 partitions, config says 5");
    }
}
