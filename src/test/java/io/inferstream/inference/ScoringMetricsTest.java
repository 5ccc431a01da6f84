package io.inferstream.inference;

import static io.inferstream.inference.Requests.x;
import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static io.inferstream.inference.RoutesFixture.withCanary;
import static io.inferstream.inference.RoutesFixture.withShadow;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scoring topology's meters, as a real run of the topology records them. */
class ScoringMetricsTest {

    private static final Duration WAIT = Duration.ofMillis(20);

    private final String scope = "scoring-metrics-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final HalfPlusTwo v1 = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
    private final HalfPlusTwo v2 = new HalfPlusTwo("half_plus_two", 2, 0.5f, 3f);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, InferenceRequest> requests;
    private TestInputTopic<byte[], byte[]> raw;

    private void start(ModelRoutes routes, int maxBatch) {
        AvroSerde<InferenceRequest> requestSerde = AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false);
        ScoringSettings settings = new ScoringSettings(null, new BatchingSettings(maxBatch, WAIT), 64, false, 1e-6,
            ShadowWindowSettings.defaults());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ScoringTopology.build(settings, ScoringHarness.topics(registry, serdeConfig),
            new ScoringTopology.Collaborators(routes, requestSerde::deserializer, Clock.systemUTC(), new ScoringMetrics(meters))), props);
        requests = driver.createInputTopic("inference-requests", Serdes.String().serializer(), requestSerde.serializer());
        raw = driver.createInputTopic("inference-requests", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    private double scored(String version, String role) {
        return meters.get(ScoringMetrics.REQUESTS_SCORED).tags("model", "half_plus_two", "version", version, "role", role)
            .counter().count();
    }

    @Test
    void shouldCountRequestsPerVersionAndRoleAndTimeEachModelCall() {
        start(routes(withShadow(served(v1, v2), 2)), 4);
        for (int i = 0; i < 8; i++) {
            requests.pipeInput("k" + i, x("r" + i, i));
        }
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(scored("1", "primary")).isEqualTo(8);
        assertThat(scored("2", "shadow")).isEqualTo(8);
        assertThat(scored("1", "canary")).isZero();
        Timer model = meters.get(ScoringMetrics.MODEL_LATENCY).tags("model", "half_plus_two", "version", "1").timer();
        assertThat(model.count()).as("two full batches of 4: two model calls").isEqualTo(2);
        assertThat(meters.get(ScoringMetrics.MODEL_LATENCY).tags("version", "2").timer().count()).isEqualTo(2);
        assertThat(meters.get(ScoringMetrics.BATCH_SIZE).tags("model", "half_plus_two").summary().count()).isEqualTo(4);
        assertThat(meters.get(ScoringMetrics.BATCH_SIZE).tags("model", "half_plus_two").summary().max()).isEqualTo(4);
        Timer request = meters.get(ScoringMetrics.REQUEST_LATENCY).tags("model", "half_plus_two").timer();
        assertThat(request.count()).as("answered requests only, not shadow copies").isEqualTo(8);
        assertThat(request.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void shouldCountCanaryTrafficUnderItsRole() {
        start(routes(withCanary(served(v1, v2), 2, 0.5)), 64);
        for (int i = 0; i < 40; i++) {
            requests.pipeInput("user-" + i, x("r" + i, i));
        }
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(scored("1", "primary") + scored("2", "canary")).isEqualTo(40);
        assertThat(scored("2", "canary")).isPositive();
        assertThat(scored("1", "primary")).isPositive();
    }

    @Test
    void shouldCountDeadLettersByCodeForEveryRejection() {
        start(routes(served(v1)), 4);
        raw.pipeInput("a".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        raw.pipeInput("b".getBytes(StandardCharsets.UTF_8), new byte[0]);
        requests.pipeInput("c", Requests.request("unknown", "no-such-model", null, java.util.Map.of()));
        driver.advanceWallClockTime(WAIT.multipliedBy(2));

        assertThat(meters.get(DeadLetterCounter.NAME).tags("topology", "scoring").counters())
            .extracting(c -> c.getId().getTag("code"))
            .contains("UNKNOWN_MODEL");
        double total = meters.get(DeadLetterCounter.NAME).tags("topology", "scoring").counters().stream()
            .mapToDouble(c -> c.count()).sum();
        assertThat(total).isEqualTo(3);
        assertThat(meters.get(DeadLetterCounter.NAME).tags("code", "UNKNOWN_MODEL").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldRecordNothingWithoutARegistry() {
        ScoringMetrics none = ScoringMetrics.none();
        none.of(v1).modelCall(3, 1_000);
        none.of(v1).scored(io.inferstream.avro.ServingRole.PRIMARY, 1_000);
        none.deadLetters().count("X");
        assertThat(none.of(v1)).isSameAs(none.of(v1));
    }
}
