package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ServingRole;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.DriftThresholds;
import io.inferstream.drift.KllRandomness;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftTopologyTest {

    private static final long WINDOW = 10_000;
    private static final int PER_WINDOW = 400;

    private final String scope = "drift-topology-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final DriftFixtures fixtures = new DriftFixtures(7);
    private final DriftCounters counters = new DriftCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, InferenceResult> results;
    private TestInputTopic<byte[], byte[]> rawResults;
    private TestInputTopic<String, DriftReferenceProfile> referencesIn;
    private TestOutputTopic<String, DriftReferenceProfile> referencesOut;
    private TestOutputTopic<String, DriftMetric> metrics;
    private TestOutputTopic<String, DriftAlert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sent;

    @BeforeEach
    void seed() {
        KllRandomness.seed(11);
    }

    private void start(DriftSettings settings) {
        DriftTopics topics = new DriftTopics(
            new Topic<>("inference-results", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("dead-letters", Serdes.String(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-alerts", Serdes.String(), AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            new Topic<>("drift-reference-profiles", Serdes.String(),
                AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig, false)),
            new Topic<>("drift-observations", Serdes.String(), Serdes.ByteArray()));
        AvroSerde<InferenceResult> resultSerde = AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false);
        var topology = DriftTopology.build(settings.withObserve(DriftSettings.Observe.RESULTS), topics,
            new DriftTopology.Collaborators(resultSerde::deserializer, counters, Clock.systemUTC()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        results = driver.createInputTopic("inference-results", Serdes.String().serializer(), resultSerde.serializer());
        rawResults = driver.createInputTopic("inference-results", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        referencesIn = driver.createInputTopic("drift-reference-profiles", Serdes.String().serializer(),
            topics.references().valueSerde().serializer());
        referencesOut = driver.createOutputTopic("drift-reference-profiles", Serdes.String().deserializer(),
            topics.references().valueSerde().deserializer());
        metrics = driver.createOutputTopic("model-drift-metrics", Serdes.String().deserializer(), topics.metrics().valueSerde().deserializer());
        alerts = driver.createOutputTopic("model-drift-alerts", Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.String().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
    }

    private static DriftSettings settings() {
        return DriftSettings.defaults().withWindow(Duration.ofMillis(WINDOW), Duration.ZERO).withBootstrapRecords(0);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    /** Sends one window of results (x[0] shifted by {@code shift} sd) and lets the tasks flush their partials. */
    private void window(int index, double shift) {
        for (int i = 0; i < PER_WINDOW; i++) {
            long t = index * WINDOW + i * (WINDOW / PER_WINDOW);
            results.pipeInput("user-" + (sent % 7), fixtures.result("r" + sent++, t, shift), t);
        }
        driver.advanceWallClockTime(io.inferstream.config.DriftSettings.DEFAULT_OBSERVE_FLUSH);
    }

    @Test
    void shouldPublishMetricsForEveryQuantityAndNoAlertWhenResultsFollowTheReference() {
        start(settings());
        referencesIn.pipeInput("m/1", fixtures.reference(20_000));
        for (int w = 0; w < 7; w++) {
            window(w, 0);
        }
        List<DriftMetric> out = metrics.readValuesToList();
        // 6 closed windows x (x0, x1, p: 5 numeric metrics; category: 3 categorical metrics)
        assertThat(out).hasSize(6 * (3 * 5 + 3));
        assertThat(out).extracting(DriftMetric::getFeature).containsOnly("x0", "x1", "category", "p");
        assertThat(out).filteredOn(m -> m.getFeature().equals("p")).extracting(DriftMetric::getKind).containsOnly(DriftKind.PREDICTION);
        DriftMetric psi = out.stream().filter(m -> m.getFeature().equals("x0") && m.getMetric().equals("psi")).findFirst().orElseThrow();
        assertThat(psi.getCurrentCount()).isEqualTo(PER_WINDOW);
        assertThat(psi.getReferenceCount()).isEqualTo(20_000);
        assertThat(psi.getWarningThreshold()).isEqualTo(0.1);
        assertThat(psi.getCriticalThreshold()).isEqualTo(0.2);
        assertThat(psi.getWindowEnd().toEpochMilli() - psi.getWindowStart().toEpochMilli()).isEqualTo(WINDOW);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldAlertWhenTheRecommendersRecallFallsBelowItsBaselineAndResolveWhenItRecovers() {
        start(settings());
        TestInputTopic<String, DriftMetric> published = driver.createInputTopic("model-drift-metrics", Serdes.String().serializer(),
            AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).serializer());
        driver.createInputTopic("model-drift-metrics", Serdes.String().serializer(), Serdes.ByteArray().serializer())
            .pipeInput("garbage", new byte[] {7, 1, 2, 3}); // skipped, monitoring goes on
        double[] recall = {0.30, 0.32, 0.28, 0.31, 0.15, 0.14, 0.30, 0.31, 0.30};
        for (int w = 0; w < recall.length; w++) {
            published.pipeInput("recommender/0/recall_at_10", recallWindow(w, recall[w]));
        }

        List<DriftAlert> out = alerts.readValuesToList();
        assertThat(out).extracting(DriftAlert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(out.get(0).getSeverity()).isEqualTo(io.inferstream.avro.Severity.CRITICAL);
        assertThat(out.get(0).getAlertId()).isEqualTo("recommender/0/recall_at_10/recall_at_10");
        assertThat(out.get(0).getValue()).isEqualTo(0.14);
        assertThat(out.get(0).getThreshold()).isCloseTo(0.6 * 0.30, org.assertj.core.data.Offset.offset(0.01));
        assertThat(out.get(1).getWindowStart()).isEqualTo(recallWindow(8, 0).getWindowStart());
    }

    @Test
    void shouldNotAlertOnPerformanceNoiseAroundTheBaseline() {
        start(settings());
        TestInputTopic<String, DriftMetric> published = driver.createInputTopic("model-drift-metrics", Serdes.String().serializer(),
            AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).serializer());
        double[] recall = {0.30, 0.32, 0.28, 0.26, 0.33, 0.25, 0.29, 0.35, 0.27};
        for (int w = 0; w < recall.length; w++) {
            published.pipeInput("recommender/0/recall_at_10", recallWindow(w, recall[w]));
        }
        assertThat(alerts.isEmpty()).isTrue();
    }

    /** Each alerting performance metric: healthy for 4 windows, 2 windows degraded beyond the default critical level, then healthy. */
    private static final Map<String, double[]> DEGRADED = Map.of(
        "recall_at_10", new double[] {0.30, 0.32, 0.28, 0.31, 0.15, 0.14, 0.30, 0.31, 0.30},
        "auc", new double[] {0.80, 0.81, 0.79, 0.80, 0.68, 0.67, 0.80, 0.80, 0.80},
        "accuracy", new double[] {0.85, 0.86, 0.84, 0.85, 0.72, 0.71, 0.85, 0.85, 0.85},
        "log_loss", new double[] {0.40, 0.41, 0.39, 0.40, 0.58, 0.60, 0.40, 0.40, 0.40},
        "expected_calibration_error", new double[] {0.02, 0.03, 0.01, 0.02, 0.15, 0.16, 0.02, 0.02, 0.02});

    private List<DriftAlert> publishDegradedPerformance() {
        TestInputTopic<String, DriftMetric> published = driver.createInputTopic("model-drift-metrics", Serdes.String().serializer(),
            AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).serializer());
        for (int w = 0; w < 9; w++) {
            published.pipeInput("recommender/0/recall_at_10", recallWindow(w, DEGRADED.get("recall_at_10")[w]));
            for (String metric : List.of("auc", "accuracy", "log_loss", "expected_calibration_error")) {
                DriftMetric m = recallWindow(w, DEGRADED.get(metric)[w]);
                m.setModel("m");
                m.setModelVersion(1);
                m.setFeature("p");
                m.setMetric(metric);
                published.pipeInput("m/1/p", m);
            }
        }
        return alerts.readValuesToList();
    }

    @Test
    void shouldAlertOnEveryPerformanceMetricFallingBehindItsBaselineWithTheDefaultLevels() {
        start(settings());
        List<DriftAlert> out = publishDegradedPerformance();
        assertThat(out).filteredOn(a -> a.getStatus() == AlertStatus.FIRING).extracting(DriftAlert::getMetric)
            .containsExactlyInAnyOrderElementsOf(DEGRADED.keySet());
        assertThat(out).filteredOn(a -> a.getStatus() == AlertStatus.FIRING).extracting(DriftAlert::getSeverity)
            .containsOnly(io.inferstream.avro.Severity.CRITICAL);
    }

    @Test
    void shouldJudgePerformanceWithTheConfiguredLevels() {
        DriftThresholds configured = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "drift.threshold.recall.warning=0.45", "drift.threshold.recall.critical=0.6",
            "drift.threshold.auc.warning=0.15", "drift.threshold.auc.critical=0.2",
            "drift.threshold.accuracy.warning=0.15", "drift.threshold.accuracy.critical=0.2",
            "drift.threshold.log.loss.warning=0.6", "drift.threshold.log.loss.critical=0.9",
            "drift.threshold.calibration.error.warning=0.2", "drift.threshold.calibration.error.critical=0.3")).drift().thresholds();
        start(settings().withThresholds(configured));
        List<DriftAlert> out = publishDegradedPerformance();

        // the same windows that raise a CRITICAL alert of every metric with the defaults (test above): below the raised
        // levels of AUC, accuracy, log loss and calibration error; recall's 50% drop only a WARNING at 45% / 60%
        assertThat(out).extracting(DriftAlert::getMetric).containsOnly("recall_at_10");
        assertThat(out).extracting(DriftAlert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        DriftAlert fired = out.get(0);
        assertThat(fired.getSeverity()).isEqualTo(io.inferstream.avro.Severity.WARNING);
        // baseline 0.301 (mean of the first 3 windows, then 0.9 * 0.30 + 0.1 * 0.31), warning 45% below it
        assertThat(fired.getThreshold()).isCloseTo(0.55 * 0.301, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static DriftMetric recallWindow(int index, double value) {
        java.time.Instant start = java.time.Instant.ofEpochSecond(60L * index);
        return DriftMetric.newBuilder().setModel("recommender").setModelVersion(0).setFeature("recall_at_10")
            .setKind(DriftKind.PERFORMANCE).setMetric("recall_at_10").setValue(value).setWindowStart(start)
            .setWindowEnd(start.plusSeconds(60)).setCurrentCount(600).build();
    }

    @Test
    void shouldFireAfterTwoShiftedWindowsAndResolveAfterThreeCleanOnes() {
        start(settings());
        referencesIn.pipeInput("m/1", fixtures.reference(20_000));
        window(0, 0);
        window(1, 0.75);
        window(2, 0.75);
        window(3, 0.75);
        List<DriftAlert> firing = alerts.readValuesToList();
        assertThat(firing).isNotEmpty();
        assertThat(firing).extracting(DriftAlert::getStatus).containsOnly(AlertStatus.FIRING);
        DriftAlert x0 = firing.stream().filter(a -> a.getFeature().equals("x0")).findFirst().orElseThrow();
        assertThat(x0.getAlertId()).isEqualTo("m/1/x0/distribution");
        assertThat(x0.getWindowStart().toEpochMilli()).isEqualTo(2 * WINDOW);
        assertThat(x0.getMessage()).contains("x0");
        assertThat(firing).extracting(DriftAlert::getFeature).doesNotContain("x1", "category");

        for (int w = 4; w <= 7; w++) {
            window(w, 0);
        }
        List<DriftAlert> resolved = alerts.readValuesToList();
        assertThat(resolved).filteredOn(a -> a.getFeature().equals("x0")).extracting(DriftAlert::getStatus)
            .containsExactly(AlertStatus.RESOLVED);
        assertThat(resolved.stream().filter(a -> a.getFeature().equals("x0")).findFirst().orElseThrow().getWindowStart().toEpochMilli())
            .isEqualTo(6 * WINDOW);
    }

    @Test
    void shouldJudgeWithTheConfiguredThresholdsAndPublishThem() {
        DriftThresholds.Levels high = new DriftThresholds.Levels(5, 10);
        start(settings().withThresholds(new DriftThresholds(high, high, high, high, new DriftThresholds.Levels(0.05, 0.01))));
        referencesIn.pipeInput("m/1", fixtures.reference(20_000));
        window(0, 0);
        window(1, 0.75);
        window(2, 0.75);
        window(3, 0.75);

        // the shift that fires with the defaults (shouldFireAfterTwoShiftedWindowsAndResolveAfterThreeCleanOnes) is
        // below these levels
        assertThat(alerts.isEmpty()).isTrue();
        DriftMetric psi = metrics.readValuesToList().stream().filter(m -> m.getFeature().equals("x0") && m.getMetric().equals("psi"))
            .reduce((a, b) -> b).orElseThrow();
        assertThat(psi.getValue()).isGreaterThan(0.2);
        assertThat(psi.getWarningThreshold()).isEqualTo(5.0);
        assertThat(psi.getCriticalThreshold()).isEqualTo(10.0);
    }

    @Test
    void shouldMonitorSegmentsOfTheConfiguredCategoricalFeature() {
        start(new DriftSettings(Duration.ofMillis(WINDOW), Duration.ZERO, "region", false, 0, 100, 2, 3));
        referencesIn.pipeInput("m/1", fixtures.reference(20_000));
        window(0, 0);
        window(1, 0);
        List<DriftMetric> out = metrics.readValuesToList();
        assertThat(out).extracting(DriftMetric::getSegment).contains(null, "north", "south");
    }

    @Test
    void shouldBootstrapAReferenceFromTheFirstResultsOfAVersionWithoutOne() {
        start(settings().withBootstrapRecords(300));
        window(0, 0);
        List<DriftReferenceProfile> published = referencesOut.readValuesToList();
        assertThat(published).hasSize(1);
        DriftReferenceProfile p = published.get(0);
        assertThat(p.getSource()).isEqualTo(References.SOURCE_BOOTSTRAP);
        assertThat(p.getRows()).isGreaterThanOrEqualTo(300);
        assertThat(p.getNumericFeatures()).containsOnlyKeys("x[0]", "x[1]");
        assertThat(p.getCategoricalFeatures()).containsOnlyKeys("category", "region");
        assertThat(p.getOutputs()).containsOnlyKeys("p");
        assertThat(p.getNumericFeatures().get("x[0]").getCount()).isEqualTo(p.getRows());

        // Once the profile is in the global store, the version is monitored against it; nothing is published again.
        referencesIn.pipeInput("m/1", p);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        window(1, 0);
        window(2, 0);
        assertThat(metrics.readValuesToList()).extracting(DriftMetric::getFeature).contains("x[0]", "region", "p");
        assertThat(referencesOut.isEmpty()).isTrue();
    }

    @Test
    void shouldNotMonitorAVersionWithoutReferenceWhenBootstrapIsOff() {
        start(settings());
        window(0, 0);
        window(1, 0);
        assertThat(metrics.isEmpty()).isTrue();
        assertThat(referencesOut.isEmpty()).isTrue();
        assertThat(counters.get(DriftCounters.NO_REFERENCE)).isEqualTo(2 * PER_WINDOW);
    }

    @Test
    void shouldDeadLetterUndecodableResultsCountBadValuesAndKeepGoing() {
        start(settings());
        referencesIn.pipeInput("m/1", fixtures.reference(5_000));
        rawResults.pipeInput("k".getBytes(), new byte[] {0, 0, 0, 0, 42, 1}, 5);
        rawResults.pipeInput("k".getBytes(), "not avro".getBytes(), 6);
        rawResults.pipeInput("k".getBytes(), new byte[0], 7);
        results.pipeInput("k", DriftFixtures.result("nan", 8, Float.NaN, 0.5f, "a", 0.5f), 8);
        InferenceResult bare = DriftFixtures.result("bare", 9, 0f, 0f, "a", 0.5f);
        bare.setFeatures(Map.of());
        results.pipeInput("k", bare, 9);
        InferenceResult shadow = DriftFixtures.result("shadow", 9, 0f, 0f, "a", 0.5f);
        shadow.setRole(ServingRole.SHADOW);
        results.pipeInput("k", shadow, 9);
        window(0, 0);
        window(1, 0);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(DeadLetter::getErrorCode).contains("UNKNOWN_SCHEMA_ID", "UNDECODABLE_VALUE");
        assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo("inference-results"));
        assertThat(counters.get(DriftCounters.NON_FINITE)).isEqualTo(1);
        assertThat(counters.get(DriftCounters.MISSING_FEATURE)).isEqualTo(3); // x0, x1, category of "bare"
        assertThat(counters.get(DriftCounters.ROLE_NOT_MONITORED)).isEqualTo(1);
        DriftMetric x1 = metrics.readValuesToList().stream().filter(m -> m.getFeature().equals("x1")).findFirst().orElseThrow();
        // "nan" still counts for x1 (only its x0 is NaN); "bare" has no features, "shadow" is not monitored.
        assertThat(x1.getCurrentCount()).isEqualTo(PER_WINDOW + 1);
    }

    @Test
    void shouldDropResultsOfAWindowThatHasClosed() {
        start(settings());
        referencesIn.pipeInput("m/1", fixtures.reference(5_000));
        window(0, 0);
        window(1, 0);
        results.pipeInput("k", DriftFixtures.result("late", 5, 0f, 0f, "a", 0.5f), 5);
        assertThat(counters.get(DriftCounters.LATE)).isEqualTo(1);
    }
}
