package io.inferstream.inference;

import static io.inferstream.inference.Requests.x;
import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static io.inferstream.inference.RoutesFixture.withShadow;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

    private static final Duration WAIT = Duration.ofMillis(20);

    private final String scope = "scoring-topology-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final HalfPlusTwo v1 = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
    private final HalfPlusTwo v2 = new HalfPlusTwo("half_plus_two", 2, 0.5f, 3f);
    private TopologyTestDriver driver;
    private TestInputTopic<String, InferenceRequest> requests;
    private TestInputTopic<byte[], byte[]> rawRequests;
    private TestOutputTopic<String, InferenceResult> results;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;
    private TestOutputTopic<byte[], ShadowComparison> shadows;

    @BeforeEach
    void setUp() {
        start(routes(withShadow(served(v1, v2), 2)), 4);
    }

    private void start(ModelRoutes routes, int maxBatch) {
        start(routes, maxBatch, ResultTap.NONE);
    }

    private void start(ModelRoutes routes, int maxBatch, ResultTap tap) {
        if (driver != null) {
            driver.close();
        }
        AvroSerde<InferenceRequest> requestSerde = AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false);
        ScoringTopics topics = ScoringHarness.topics(registry, serdeConfig);
        ScoringSettings settings = new ScoringSettings(null, new BatchingSettings(maxBatch, WAIT), 64, false, 1e-6,
            ShadowWindowSettings.defaults());
        Topology topology = ScoringTopology.build(settings, topics,
            new ScoringTopology.Collaborators(routes, requestSerde::deserializer, Clock.systemUTC(), ScoringMetrics.none(), tap));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        requests = driver.createInputTopic("inference-requests", Serdes.String().serializer(), requestSerde.serializer());
        rawRequests = driver.createInputTopic("inference-requests", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        results = driver.createOutputTopic("inference-results", Serdes.String().deserializer(), topics.results().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.ByteArray().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
        shadows = driver.createOutputTopic("shadow-comparisons", Serdes.ByteArray().deserializer(),
            topics.shadowComparisons().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldAnswerEveryRequestOnceInArrivalOrderWithTheRequestsKey() {
        for (int i = 0; i < 10; i++) {
            requests.pipeInput("user-" + (i % 3), x("r" + i, i));
        }
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        List<KeyValue<String, InferenceResult>> out = results.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.value.getRequestId()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        assertThat(out).extracting(kv -> kv.key).containsExactly("user-0", "user-1", "user-2", "user-0", "user-1", "user-2",
            "user-0", "user-1", "user-2", "user-0");
        assertThat(out.get(9).value.getOutputs().get("y").getFloatValues()).containsExactly(6.5f);
        assertThat(out).extracting(kv -> kv.value.getBatchSize()).containsExactly(4, 4, 4, 4, 4, 4, 4, 4, 2, 2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldHandEveryScoredResultAndNoRejectionToTheResultTap() {
        List<String> tapped = new java.util.ArrayList<>();
        start(routes(withShadow(served(v1, v2), 2)), 4,
            (builder, scored) -> scored.foreach((k, v) -> tapped.add(v.getRequestId() + "/" + v.getRole())));
        for (int i = 0; i < 4; i++) {
            requests.pipeInput("user-" + i, x("r" + i, i));
        }
        rawRequests.pipeInput("bad".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(results.readValuesToList()).hasSize(4);
        // the results as written to inference-results (never the shadow's), not the dead letter
        assertThat(tapped).containsExactly("r0/PRIMARY", "r1/PRIMARY", "r2/PRIMARY", "r3/PRIMARY");
        assertThat(deadLetters.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldHoldRequestsUntilTheBatchIsFullOrItsWaitIsOver() {
        requests.pipeInput("k", x("r0", 1));
        requests.pipeInput("k", x("r1", 2));
        assertThat(results.isEmpty()).isTrue();
        KeyValueStore<Long, byte[]> buffer = driver.getKeyValueStore(MicroBatchProcessor.BUFFER_STORE);
        assertThat(buffer.approximateNumEntries()).isEqualTo(2);

        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(results.readValuesToList()).extracting(InferenceResult::getRequestId).containsExactly("r0", "r1");
        try (var it = buffer.all()) {
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void shouldPublishShadowComparisonsAndNeverShadowResults() {
        for (int i = 0; i < 4; i++) {
            requests.pipeInput("k", x("r" + i, i));
        }
        assertThat(results.readValuesToList()).allMatch(r -> r.getModelVersion() == 1).hasSize(4);
        List<ShadowComparison> compared = shadows.readValuesToList();
        assertThat(compared).hasSize(4).allMatch(c -> c.getShadowVersion() == 2 && c.getMaxAbsDiff() == 1.0);
    }

    @Test
    void shouldDeadLetterRecordWithUnknownSchemaId() {
        byte[] value = ByteBuffer.allocate(7).put((byte) 0).putInt(987_654).put((byte) 2).put((byte) 'a').array();
        rawRequests.pipeInput("key".getBytes(StandardCharsets.UTF_8), value);

        DeadLetter dead = deadLetters.readValue();
        assertThat(dead.getErrorCode()).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(dead.getErrorMessage()).contains("987654");
        assertThat(dead.getSourceTopic()).isEqualTo("inference-requests");
        assertThat(dead.getSourceOffset()).isEqualTo(0);
        assertThat(dead.getValue().array()).isEqualTo(value);
        assertThat(dead.getKey().array()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldDeadLetterGarbageAndEmptyValuesAndKeepRunning() {
        rawRequests.pipeInput("a".getBytes(StandardCharsets.UTF_8), "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
        rawRequests.pipeInput("b".getBytes(StandardCharsets.UTF_8), new byte[0]);
        rawRequests.pipeInput("c".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0});
        requests.pipeInput("d", x("fine", 1));
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getErrorCode)
            .containsExactly("BAD_MAGIC_BYTE", "UNDECODABLE_VALUE", "UNDECODABLE_VALUE");
        assertThat(results.readValuesToList()).extracting(InferenceResult::getRequestId).containsExactly("fine");
    }

    @Test
    void shouldDeadLetterARequestWithAnEmptyId() {
        requests.pipeInput("k", x("", 1));
        driver.advanceWallClockTime(WAIT.multipliedBy(2));
        assertThat(deadLetters.readValue().getErrorCode()).isEqualTo("INVALID_REQUEST");
    }
}
