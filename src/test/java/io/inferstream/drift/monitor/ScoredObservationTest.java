package io.inferstream.drift.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.LabelSettings;
import io.inferstream.drift.KllRandomness;
import io.inferstream.drift.label.JoinInput;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * drift.observe=scoring: results observed where they are scored ({@link DriftTopology#observeScored}, one driver standing
 * for the scoring topology) and judged by the drift topology (a second driver), with drift-observations carried from
 * the one to the other record by record, headers and timestamps included.
 */
class ScoredObservationTest {

    private static final long WINDOW = 10_000;
    private static final int PER_WINDOW = 400;

    private final String scope = "scored-observation-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    private final DriftFixtures fixtures = new DriftFixtures(7);
    private final DriftCounters counters = new DriftCounters();
    private final AvroSerde<DriftReferenceProfile> referenceSerde = AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig, false);
    private final Topic<String, DriftReferenceProfile> references = new Topic<>("drift-reference-profiles", Serdes.String(), referenceSerde);
    private final Topic<String, byte[]> observations = new Topic<>("drift-observations", Serdes.String(), Serdes.ByteArray());
    private TopologyTestDriver scoring;
    private TopologyTestDriver drift;
    private TestInputTopic<String, InferenceResult> scored;
    private TestOutputTopic<String, byte[]> observed;
    private TestInputTopic<String, byte[]> toJudge;
    private TestOutputTopic<String, DriftMetric> metrics;
    private TestOutputTopic<String, DriftAlert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private int sent;

    @BeforeEach
    void start() {
        KllRandomness.seed(11);
        // The fixtures' probability output is "p".
        DriftSettings settings = DriftSettings.defaults().withWindow(Duration.ofMillis(WINDOW), Duration.ZERO).withBootstrapRecords(0)
            .withLabels(new LabelSettings(true, true, Duration.ofMinutes(2), "p", 200, true, true));
        assertThat(settings.observe()).isEqualTo(DriftSettings.Observe.SCORING);
        AvroSerde<InferenceResult> resultSerde = AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false);

        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.observeScored(builder, builder.stream("scored", Consumed.with(Serdes.ByteArray(), resultSerde)), settings, references,
            observations, counters);
        scoring = new TopologyTestDriver(builder.build(), props("scoring-test"));
        scored = scoring.createInputTopic("scored", Serdes.String().serializer(), resultSerde.serializer());
        observed = scoring.createOutputTopic("drift-observations", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

        DriftTopics topics = new DriftTopics(
            new Topic<>("inference-results", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("dead-letters", Serdes.String(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>("model-drift-alerts", Serdes.String(), AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            references, observations);
        drift = new TopologyTestDriver(DriftTopology.build(settings, topics,
            new DriftTopology.Collaborators(resultSerde::deserializer, counters, Clock.systemUTC())), props("drift-test"));
        toJudge = drift.createInputTopic("drift-observations", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        metrics = drift.createOutputTopic("model-drift-metrics", Serdes.String().deserializer(), topics.metrics().valueSerde().deserializer());
        alerts = drift.createOutputTopic("model-drift-alerts", Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
        deadLetters = drift.createOutputTopic("dead-letters", Serdes.String().deserializer(), topics.deadLetters().valueSerde().deserializer());

        DriftReferenceProfile reference = fixtures.reference(20_000);
        scoring.createInputTopic("drift-reference-profiles", Serdes.String().serializer(), referenceSerde.serializer()).pipeInput("m/1", reference);
        drift.createInputTopic("drift-reference-profiles", Serdes.String().serializer(), referenceSerde.serializer()).pipeInput("m/1", reference);
    }

    private static Properties props(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    @AfterEach
    void tearDown() {
        if (scoring != null) {
            scoring.close();
        }
        if (drift != null) {
            drift.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    /** One window of scored results (x[0] shifted by {@code shift} sd), flushed by the scoring side, carried to the drift side. */
    private List<TestRecord<String, byte[]>> window(int index, double shift) {
        for (int i = 0; i < PER_WINDOW; i++) {
            long t = index * WINDOW + i * (WINDOW / PER_WINDOW);
            scored.pipeInput("user-" + (sent % 7), fixtures.result("r" + sent++, t, shift), t);
        }
        scoring.advanceWallClockTime(io.inferstream.config.DriftSettings.DEFAULT_OBSERVE_FLUSH);
        List<TestRecord<String, byte[]>> records = observed.readRecordsToList();
        records.forEach(toJudge::pipeInput);
        drift.advanceWallClockTime(io.inferstream.config.DriftSettings.DEFAULT_OBSERVE_FLUSH);
        return records;
    }

    @Test
    void shouldJudgeWindowsObservedInTheScoringTopologyAsIfReadFromTheResults() {
        for (int w = 0; w < 7; w++) {
            window(w, 0);
        }

        List<DriftMetric> out = metrics.readValuesToList();
        // 6 closed windows x (x0, x1, p: 5 numeric metrics; category: 3 categorical metrics), as DriftTopologyTest finds
        // when the drift topology reads inference-results itself
        assertThat(out).hasSize(6 * (3 * 5 + 3));
        DriftMetric psi = out.stream().filter(m -> m.getFeature().equals("x0") && m.getMetric().equals("psi")).findFirst().orElseThrow();
        assertThat(psi.getCurrentCount()).isEqualTo(PER_WINDOW);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(counters.get(DriftCounters.OBSERVED)).isEqualTo(7L * PER_WINDOW);
    }

    @Test
    void shouldAlertOnAShiftObservedInTheScoringTopology() {
        window(0, 0);
        window(1, 0.75);
        window(2, 0.75);
        window(3, 0.75);

        List<DriftAlert> firing = alerts.readValuesToList();
        assertThat(firing).extracting(DriftAlert::getAlertId).contains("m/1/x0/distribution");
        assertThat(firing).extracting(DriftAlert::getStatus).containsOnly(AlertStatus.FIRING);
    }

    @Test
    void shouldForwardOnePartialPerQuantityAndOnePredictionBatchPerBucketPerFlush() {
        List<TestRecord<String, byte[]>> records = window(0, 0);

        List<DriftOutput> decoded = records.stream().map(r -> Observations.fromBytes(r.value())).toList();
        assertThat(decoded).filteredOn(o -> o instanceof DriftOutput.Partial).hasSize(4); // x0, x1, category, p
        List<TestRecord<String, byte[]>> joins = records.stream().filter(r -> r.value()[0] == Observations.JOIN).toList();
        assertThat(joins).allSatisfy(r -> assertThat(r.key()).startsWith("j"));
        assertThat(joins.size()).isLessThanOrEqualTo(JoinInput.BUCKETS);
        int predictions = joins.stream().mapToInt(r -> ((DriftOutput.Join) Observations.fromBytes(r.value())).entries().size()).sum();
        assertThat(predictions).isEqualTo(PER_WINDOW);
        // each partial reports its sender's progress, for the owner's watermark
        assertThat(records.stream().filter(r -> r.value()[0] == Observations.PARTIAL))
            .allSatisfy(r -> assertThat(new String(r.headers().lastHeader(SenderProgress.SENDER).value(), StandardCharsets.UTF_8))
                .startsWith("scoring-"));
    }

    @Test
    void shouldDeadLetterARecordOnDriftObservationsThatIsNotOneAndKeepJudging() {
        toJudge.pipeInput("m/1/x0", "not an observation".getBytes(StandardCharsets.UTF_8));
        toJudge.pipeInput("m/1/x0", new byte[0]);
        for (int w = 0; w < 3; w++) {
            window(w, 0);
        }

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.getErrorCode()).isEqualTo("UNDECODABLE_VALUE");
            assertThat(d.getErrorMessage()).contains("not a drift observation");
            assertThat(d.getSourceTopic()).isEqualTo("drift-observations");
        });
        assertThat(counters.get(DriftCounters.UNDECODABLE_OBSERVATION)).isEqualTo(2);
        assertThat(metrics.readValuesToList()).isNotEmpty();
    }
}
