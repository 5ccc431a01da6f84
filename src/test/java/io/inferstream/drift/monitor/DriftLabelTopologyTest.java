package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.EventType;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.LabelSettings;
import io.inferstream.drift.label.FeedbackDecoder;
import io.inferstream.drift.label.PerformanceWindow;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The label join and the performance windows of the drift topology, end to end in a TopologyTestDriver. */
class DriftLabelTopologyTest {

    private static final long WINDOW = 10_000;
    private static final long LABEL_WINDOW = 5_000;

    private final String scope = "drift-labels-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final DriftCounters counters = new DriftCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, InferenceResult> results;
    private TestInputTopic<String, UserEvent> userEvents;
    private TestInputTopic<String, Label> labels;
    private TestOutputTopic<String, DriftMetric> metrics;
    private TestOutputTopic<String, DriftAlert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    private void start(long minSamples) {
        DriftTopics topics = new DriftTopics(
            new Topic<>("inference-results", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("dead-letters", Serdes.String(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-alerts", Serdes.String(), AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            new Topic<>("drift-reference-profiles", Serdes.String(),
                AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig, false)),
            new Topic<>("drift-observations", Serdes.String(), Serdes.ByteArray()),
            new Topic<>("user-events", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("labels", Serdes.ByteArray(), Serdes.ByteArray()));
        AvroSerde<InferenceResult> resultSerde = AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false);
        AvroSerde<UserEvent> eventSerde = AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false);
        AvroSerde<Label> labelSerde = AvroSerdes.specific(Label.class, registry, serdeConfig, false);
        LabelSettings label = new LabelSettings(true, true, Duration.ofMillis(LABEL_WINDOW), "p", minSamples, true, true);
        // Grace of 2 s: longer than the label join's once-a-second expiry, as the default 10 s is.
        DriftSettings settings = DriftSettings.defaults().withWindow(Duration.ofMillis(WINDOW), Duration.ofSeconds(2)).withBootstrapRecords(0)
            .withLabels(label);
        var topology = DriftTopology.build(settings.withObserve(DriftSettings.Observe.RESULTS), topics, new DriftTopology.Collaborators(resultSerde::deserializer, counters,
            Clock.systemUTC(), eventSerde::deserializer, labelSerde::deserializer));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-label-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(1_000_000_000));
        results = driver.createInputTopic("inference-results", Serdes.String().serializer(), resultSerde.serializer());
        userEvents = driver.createInputTopic("user-events", Serdes.String().serializer(), eventSerde.serializer());
        labels = driver.createInputTopic("labels", Serdes.String().serializer(), labelSerde.serializer());
        metrics = driver.createOutputTopic("model-drift-metrics", Serdes.String().deserializer(), topics.metrics().valueSerde().deserializer());
        alerts = driver.createOutputTopic("model-drift-alerts", Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.String().deserializer(), topics.deadLetters().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    /** A result, and 5 ms of wall clock: the drift topology forwards its predictions to the label join every 5 ms. */
    private void result(String id, String user, float p, long t) {
        results.pipeInput(user, DriftFixtures.result(id, t, 0, 0, "a", p), t);
        driver.advanceWallClockTime(io.inferstream.config.DriftSettings.DEFAULT_OBSERVE_FLUSH);
    }

    private void click(String id, String user, long t) {
        userEvents.pipeInput(user, event(id, user, EventType.CLICK, t), t);
    }

    private static UserEvent event(String requestId, String user, EventType type, long t) {
        return UserEvent.newBuilder().setUserId(user).setItemId("ad-1").setType(type).setValue(1.0).setTimestamp(Instant.ofEpochMilli(t))
            .setRequestId(requestId).build();
    }

    private static Label label(String requestId, double value, long t) {
        return Label.newBuilder().setRequestId(requestId).setLabel(value).setTimestamp(Instant.ofEpochMilli(t)).build();
    }

    /** Lets the wall clock run, a second at a time, past every deadline: traffic has stopped, everything closes. */
    private void idle() {
        for (int s = 0; s < 2 * (WINDOW + LABEL_WINDOW + 2_000) / 1_000; s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    private Map<String, Double> performance(List<DriftMetric> out) {
        return out.stream().filter(m -> m.getKind() == DriftKind.PERFORMANCE)
            .collect(Collectors.toMap(DriftMetric::getMetric, DriftMetric::getValue));
    }

    @Test
    void shouldCountClicksAsPositivesAndResultsWithoutAClickAsNegatives() {
        start(1);
        result("r1", "u1", 0.9f, 1_000);
        result("r2", "u2", 0.8f, 2_000);
        result("r3", "u3", 0.2f, 3_000);
        result("r4", "u4", 0.6f, 4_000);
        click("r1", "u1", 1_500);
        click("r2", "u2", 4_500);
        userEvents.pipeInput("u3", event("r3", "u3", EventType.VIEW, 3_100), 3_100); // a view is no label
        idle();

        List<DriftMetric> out = metrics.readValuesToList();
        Map<String, Double> m = performance(out);
        PerformanceWindow expected = new PerformanceWindow();
        expected.add(0.9f, 1);
        expected.add(0.8f, 1);
        expected.add(0.2f, 0);
        expected.add(0.6f, 0);
        assertThat(m).containsOnlyKeys(expected.metrics().keySet());
        assertThat(m.get("auc")).isEqualTo(1.0);
        assertThat(m.get("accuracy")).isEqualTo(0.75);
        assertThat(m.get("observed_rate")).isEqualTo(0.5);
        assertThat(m.get("log_loss")).isCloseTo(expected.logLoss(), within(1e-12));
        assertThat(m.get("expected_calibration_error")).isCloseTo(expected.expectedCalibrationError(), within(1e-12));
        DriftMetric auc = out.stream().filter(x -> x.getMetric().equals("auc")).findFirst().orElseThrow();
        assertThat(auc.getModel()).isEqualTo(DriftFixtures.MODEL);
        assertThat(auc.getModelVersion()).isEqualTo(DriftFixtures.VERSION);
        assertThat(auc.getFeature()).isEqualTo("p");
        assertThat(auc.getCurrentCount()).isEqualTo(4);
        assertThat(auc.getWindowStart().toEpochMilli()).isZero();
        assertThat(auc.getWindowEnd().toEpochMilli()).isEqualTo(WINDOW);
        assertThat(counters.get(DriftCounters.NEGATIVE_BY_TIMEOUT)).isEqualTo(2);
        assertThat(counters.get(DriftCounters.LABELLED)).isEqualTo(4);
    }

    @Test
    void shouldJoinExplicitLabelsAndDeadLetterMalformedOnesWithTheirReason() {
        start(1);
        var raw = driver.createInputTopic("labels", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        result("r1", "u1", 0.7f, 1_000);
        result("r2", "u2", 0.4f, 1_200);
        raw.pipeInput("k".getBytes(), new byte[] {0, 0, 0, 0, 99, 1, 2}, 1_300); // unknown schema id
        raw.pipeInput("k".getBytes(), "not avro".getBytes(), 1_300);
        labels.pipeInput("r1", label("r1", 1.7, 1_400), 1_400);
        labels.pipeInput("r1", label("", 1, 1_400), 1_400);
        labels.pipeInput("anything", label("r1", 1, 1_500), 1_500); // any key: re-keyed by requestId
        labels.pipeInput("r2", label("r2", 0, 1_600), 1_600);
        idle();

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(4);
        assertThat(dead).extracting(DeadLetter::getSourceTopic).containsOnly("labels");
        assertThat(dead).extracting(DeadLetter::getErrorCode).contains("UNKNOWN_SCHEMA_ID", "BAD_MAGIC_BYTE")
            .containsOnlyOnce("UNKNOWN_SCHEMA_ID").filteredOn(c -> c.equals(FeedbackDecoder.INVALID_LABEL)).hasSize(2);
        assertThat(dead).extracting(DeadLetter::getErrorMessage).anyMatch(msg -> msg.contains("1.7") && msg.contains("outside [0, 1]"))
            .anyMatch(msg -> msg.contains("without a requestId"));
        Map<String, Double> m = performance(metrics.readValuesToList());
        assertThat(m.get("observed_rate")).isEqualTo(0.5);
        assertThat(m.get("accuracy")).isEqualTo(1.0);
        assertThat(counters.get(DriftCounters.LABEL_INVALID)).isEqualTo(4);
        // user events and labels both on: r2 got its explicit 0 before its deadline; nothing was a negative by timeout
        assertThat(counters.get(DriftCounters.NEGATIVE_BY_TIMEOUT)).isZero();
    }

    @Test
    void shouldSkipUndecodableUserEventsWithoutADeadLetterAndCountLateAndUnknownLabels() {
        start(1);
        driver.createInputTopic("user-events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())
            .pipeInput("u1".getBytes(), new byte[] {1, 2, 3}, 900);
        result("r1", "u1", 0.7f, 1_000);
        click("unknown-request", "u9", 1_100);
        result("r2", "u2", 0.3f, 1_000 + LABEL_WINDOW + 2_000); // moves stream time past r1's deadline
        click("r1", "u1", 1_000 + LABEL_WINDOW + 2_100);        // too late: r1 stays a negative
        idle();

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counters.get(DriftCounters.USER_EVENT_UNDECODABLE)).isEqualTo(1);
        // the unknown request's click; r1 waited for the clicks to reach its deadline, so the late click found it: late
        assertThat(counters.get(DriftCounters.LABEL_UNMATCHED)).isEqualTo(1);
        assertThat(counters.get(DriftCounters.LABEL_LATE)).isEqualTo(1);
        Map<String, Double> m = performance(metrics.readValuesToList());
        assertThat(m.get("observed_rate")).isZero();
        assertThat(counters.get(DriftCounters.NEGATIVE_BY_TIMEOUT)).isEqualTo(2);
    }

    @Test
    void shouldAlertWhenClicksStopFollowingTheModelAndDetectTheRisingErrorPerRecord() {
        start(100);
        Random random = new Random(5);
        int perWindow = 400;
        int n = 0;
        for (int w = 0; w < 8; w++) {
            boolean shifted = w >= 5;
            for (int i = 0; i < perWindow; i++) {
                long t = w * WINDOW + i * (WINDOW / perWindow);
                float p = (float) (0.05 + 0.9 * random.nextDouble());
                String id = "r" + n++;
                result(id, "u" + (n % 13), p, t);
                double truth = shifted ? 1 - p : p;
                if (random.nextDouble() < truth) {
                    click(id, "u" + (n % 13), t + 200);
                }
            }
        }
        idle();

        List<DriftAlert> out = alerts.readValuesToList();
        assertThat(out).filteredOn(a -> a.getStatus() == AlertStatus.FIRING).extracting(DriftAlert::getMetric)
            .contains("auc", "log_loss", "accuracy", "expected_calibration_error", "adwin");
        DriftAlert auc = out.stream().filter(a -> a.getMetric().equals("auc")).findFirst().orElseThrow();
        assertThat(auc.getAlertId()).isEqualTo("m/1/p/auc");
        assertThat(auc.getSeverity()).isEqualTo(io.inferstream.avro.Severity.CRITICAL);
        assertThat(auc.getWindowStart().toEpochMilli()).isEqualTo(6 * WINDOW); // the second shifted window raises it
        DriftAlert adwin = out.stream().filter(a -> a.getMetric().equals("adwin")).findFirst().orElseThrow();
        assertThat(adwin.getAlertId()).isEqualTo("m/1/p/adwin");
        assertThat(adwin.getWindowStart().toEpochMilli()).isGreaterThanOrEqualTo(5 * WINDOW);
        assertThat(adwin.getMessage()).contains("concept drift");
    }

    @Test
    void shouldNotAlertWhileClicksFollowTheModel() {
        start(100);
        Random random = new Random(6);
        int n = 0;
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < 400; i++) {
                long t = w * WINDOW + i * 25L;
                float p = (float) (0.05 + 0.9 * random.nextDouble());
                String id = "r" + n++;
                result(id, "u", p, t);
                if (random.nextDouble() < p) {
                    click(id, "u", t + 300);
                }
            }
        }
        idle();
        assertThat(metrics.readValuesToList()).filteredOn(m -> m.getMetric().equals("auc")).hasSize(8);
        assertThat(alerts.readValuesToList()).isEmpty();
    }
}
