package io.inferstream.inference;

import static io.inferstream.inference.Requests.x;
import static io.inferstream.inference.RoutesFixture.routes;
import static io.inferstream.inference.RoutesFixture.served;
import static io.inferstream.inference.RoutesFixture.withShadow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow agreement metrics of the scoring topology: served version 1 computes y = 0.5x + 2, shadow version 3
 * computes y = x + 2, so they agree exactly at x = 0 and differ by 0.5|x| elsewhere (tolerance 1e-6): every
 * expected value below is known exactly. Windows of 10s with 1s grace; batches of one, so each request is scored
 * (and compared) as it arrives, with its own timestamp.
 */
class ShadowMetricsTest {

    private static final ShadowWindowSettings WINDOW = new ShadowWindowSettings(Duration.ofSeconds(10), Duration.ofSeconds(1));

    private final String scope = "shadow-metrics-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final HalfPlusTwo served = new HalfPlusTwo("half_plus_two", 1, 0.5f, 2f);
    private final HalfPlusTwo shadow = new HalfPlusTwo("half_plus_two", 3, 1f, 2f);
    private TopologyTestDriver driver;
    private TestInputTopic<String, InferenceRequest> requests;
    private TestOutputTopic<String, DriftMetric> metrics;
    private int sequence;

    private void start(ModelRoutes routes) {
        AvroSerde<InferenceRequest> requestSerde = AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false);
        ScoringTopics topics = ScoringHarness.topics(registry, serdeConfig);
        ScoringSettings settings = new ScoringSettings(null, new BatchingSettings(1, Duration.ofMillis(20)), 64, false, 1e-6, WINDOW);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shadow-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ScoringTopology.build(settings, topics,
            new ScoringTopology.Collaborators(routes, requestSerde::deserializer, Clock.systemUTC())), props);
        requests = driver.createInputTopic("inference-requests", Serdes.String().serializer(), requestSerde.serializer());
        metrics = driver.createOutputTopic(topics.driftMetrics().name(), Serdes.String().deserializer(),
            topics.driftMetrics().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    /** A request for x at event time atMs, with keys spread over several users (so comparisons start on several keys). */
    private void request(float x, long atMs) {
        int n = sequence++;
        requests.pipeInput("user-" + (n % 3), x("r" + n, x), Instant.ofEpochMilli(atMs));
    }

    @Test
    void shouldPublishAgreementMetricsOncePerClosedWindowAndNothingForEmptyWindows() {
        start(routes(withShadow(served(served, shadow), 3)));
        // Window [0s, 10s): agree, diff 1, diff 2, agree.
        request(0, 1_000);
        request(2, 2_000);
        request(4, 3_000);
        request(0, 9_999);
        assertThat(metrics.isEmpty()).as("nothing before the window closes").isTrue();

        // Window [10s, 20s): agree, diff 1. Stream time 12s passes 10s + 1s grace: the first window closes.
        request(0, 12_000);
        Map<String, DriftMetric> first = byMetric(metrics.readKeyValuesToList(), "half_plus_two/1/shadow:v3");
        assertThat(first).hasSize(4);
        assertWindow(first, 0, 10_000, 4);
        assertThat(first.get(ShadowStats.AGREEMENT_RATE).getValue()).isEqualTo(0.5);
        assertThat(first.get(ShadowStats.MEAN_ABS_DIFF).getValue()).isEqualTo(0.75);
        assertThat(first.get(ShadowStats.MAX_ABS_DIFF).getValue()).isEqualTo(2.0);
        assertThat(first.get(ShadowStats.ERROR_RATE).getValue()).isEqualTo(0.0);

        request(2, 13_000);
        // Too late for the first window (its grace is over): dropped, not a second result for it.
        request(4, 5_000);
        assertThat(metrics.isEmpty()).isTrue();

        // Windows [20s, 30s) and [30s, 40s) stay empty; stream time 45s closes them and the second window.
        request(0, 45_000);
        Map<String, DriftMetric> second = byMetric(metrics.readKeyValuesToList(), "half_plus_two/1/shadow:v3");
        assertWindow(second, 10_000, 20_000, 2);
        assertThat(second.get(ShadowStats.AGREEMENT_RATE).getValue()).isEqualTo(0.5);
        assertThat(second.get(ShadowStats.MEAN_ABS_DIFF).getValue()).isEqualTo(0.5);
        assertThat(second.get(ShadowStats.MAX_ABS_DIFF).getValue()).isEqualTo(1.0);
        assertThat(second.get(ShadowStats.ERROR_RATE).getValue()).isEqualTo(0.0);
        assertThat(metrics.isEmpty()).isTrue();
    }

    @Test
    void shouldReportErrorRateOneAndUndefinedDifferencesForAWindowOfOnlyShadowErrors() {
        shadow.close();
        start(routes(withShadow(served(served, shadow), 3)));
        request(1, 1_000);
        request(2, 2_000);
        request(3, 30_000);

        Map<String, DriftMetric> window = byMetric(metrics.readKeyValuesToList(), "half_plus_two/1/shadow:v3");
        assertWindow(window, 0, 10_000, 2);
        assertThat(window.get(ShadowStats.ERROR_RATE).getValue()).isEqualTo(1.0);
        assertThat(window.get(ShadowStats.AGREEMENT_RATE).getValue()).isEqualTo(0.0);
        assertThat(window.get(ShadowStats.MEAN_ABS_DIFF).getValue()).isNaN();
        assertThat(window.get(ShadowStats.MAX_ABS_DIFF).getValue()).isNaN();
    }

    @Test
    void shouldPublishNothingForAModelWithoutShadow() {
        start(routes(served(served, shadow)));
        request(1, 1_000);
        request(2, 15_000);
        request(3, 60_000);
        assertThat(metrics.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepVersionPairsApart() {
        HalfPlusTwo identical = new HalfPlusTwo("half_plus_two", 2, 0.5f, 2f);
        start(routes(withShadow(served(served, identical, shadow), 2)));
        request(1, 1_000);
        request(2, 2_000);
        request(3, 20_000);
        List<KeyValue<String, DriftMetric>> out = metrics.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly("half_plus_two/1/shadow:v2");
        assertThat(byMetric(out, "half_plus_two/1/shadow:v2").get(ShadowStats.AGREEMENT_RATE).getValue()).isEqualTo(1.0);
        assertThat(byMetric(out, "half_plus_two/1/shadow:v2").get(ShadowStats.MAX_ABS_DIFF).getValue()).isCloseTo(0.0, within(0.0));
    }

    private static Map<String, DriftMetric> byMetric(List<KeyValue<String, DriftMetric>> records, String key) {
        assertThat(records).extracting(kv -> kv.key).containsOnly(key);
        Map<String, DriftMetric> out = records.stream().collect(Collectors.toMap(kv -> kv.value.getMetric(), kv -> kv.value));
        assertThat(out).as("one record per metric").hasSize(records.size());
        return out;
    }

    private static void assertWindow(Map<String, DriftMetric> metrics, long start, long end, long count) {
        assertThat(metrics.keySet()).containsExactlyInAnyOrder(ShadowStats.AGREEMENT_RATE, ShadowStats.MEAN_ABS_DIFF,
            ShadowStats.MAX_ABS_DIFF, ShadowStats.ERROR_RATE);
        for (DriftMetric m : metrics.values()) {
            assertThat(m.getModel()).isEqualTo("half_plus_two");
            assertThat(m.getModelVersion()).isEqualTo(1);
            assertThat(m.getFeature()).startsWith("shadow:v");
            assertThat(m.getKind()).isEqualTo(DriftKind.PREDICTION);
            assertThat(m.getSegment()).isNull();
            assertThat(m.getWarningThreshold()).isNull();
            assertThat(m.getCriticalThreshold()).isNull();
            assertThat(m.getWindowStart()).isEqualTo(Instant.ofEpochMilli(start));
            assertThat(m.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(end));
            assertThat(m.getCurrentCount()).isEqualTo(count);
            assertThat(m.getReferenceCount()).isZero();
        }
    }
}
