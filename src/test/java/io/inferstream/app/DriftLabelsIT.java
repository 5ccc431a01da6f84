package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.EventType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.inference.DemoRequests;
import io.inferstream.model.DemoModels;
import io.inferstream.model.SyntheticCtr;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performance drift on an embedded broker: the scoring and drift topologies with the demo model, requests and clicks
 * (CLICK user events naming their requestIds, drawn from the true click probability) produced as a client would: the
 * label join (through its repartition topics, under exactly_once_v2) publishes each window's log loss, AUC, accuracy and
 * calibration of the labelled results, counting the unclicked results as negatives. Event times are explicit.
 */
class DriftLabelsIT {

    private static final long WINDOW = 2_000;
    private static final int PER_WINDOW = 300;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static final String SCOPE = "drift-labels-it-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        DemoModels.build(dir.resolve("models"), 42);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldJoinClicksWithTheirResultsAndPublishPerformanceMetricsPerWindow() throws Exception {
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "registry.url=mock://" + SCOPE, "http.port=0",
            "inference.model.repository=" + dir.resolve("models"), "inference.models.ctr.versions=specific:1",
            "drift.window=" + WINDOW + "ms", "drift.window.grace=" + WINDOW + "ms", "drift.bootstrap.records=0",
            "drift.label.window=4s", "drift.label.min.samples=100", "streams.commit.interval.ms=100"));
        try (Admin admin = KafkaConnection.connect(config.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
            new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT).ensure(config.topics(), (short) 1);
        }
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE);
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + SCOPE);
        try (PipelineRunner pipeline = new PipelineRunner(config, List.of(new ScoringTopologyFactory(), new DriftTopologyFactory()));
             KafkaProducer<String, InferenceRequest> requests = new KafkaProducer<>(config.kafka().producerConfig(), new StringSerializer(),
                 AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer());
             KafkaProducer<String, UserEvent> clicks = new KafkaProducer<>(config.kafka().producerConfig(), new StringSerializer(),
                 AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).serializer());
             KafkaConsumer<String, DriftMetric> metrics = DriftIT.consumer(config, StandardTopic.MODEL_DRIFT_METRICS,
                 AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).deserializer())) {
            pipeline.start();
            long t0 = (System.currentTimeMillis() / WINDOW) * WINDOW;
            SyntheticCtr generator = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 3);
            Random random = new Random(4);
            int id = 0;
            int clicked = 0;
            // Paced like live traffic (event time follows the wall clock), and a click goes out only 300 ms after its
            // request, as a user's click follows the ad they were shown: the label join's clocks assume live streams.
            java.util.ArrayDeque<ProducerRecord<String, UserEvent>> due = new java.util.ArrayDeque<>();
            for (int w = 0; w < 3; w++) {
                SyntheticCtr.Sample sample = generator.sample(PER_WINDOW);
                for (int r = 0; r < PER_WINDOW; r++, id++) {
                    String user = "user-" + (id % 97);
                    long t = t0 + w * WINDOW + r * (WINDOW / PER_WINDOW);
                    DriftIT.sleepUntil(t);
                    sendDue(clicks, due, t);
                    InferenceRequest request = DemoRequests.ctr("r" + id, user, sample, r, false);
                    request.setEventTime(Instant.ofEpochMilli(t));
                    requests.send(new ProducerRecord<>(config.topics().name(StandardTopic.INFERENCE_REQUESTS), null, t, user, request));
                    if (random.nextDouble() < sample.trueProbabilities()[r]) {
                        clicked += w == 0 ? 1 : 0;
                        UserEvent click = UserEvent.newBuilder().setUserId(user).setItemId("ad").setType(EventType.CLICK).setValue(1.0)
                            .setTimestamp(Instant.ofEpochMilli(t + 300)).setRequestId("r" + id).build();
                        due.add(new ProducerRecord<>(config.topics().name(StandardTopic.USER_EVENTS), null, t + 300, user, click));
                    }
                }
            }
            sendDue(clicks, due, Long.MAX_VALUE);
            requests.flush();
            clicks.flush();

            // Window 0 closes once the (idle) clock passes its end + label window + grace.
            List<DriftMetric> seen = DriftIT.await(metrics, m -> m.getKind() == DriftKind.PERFORMANCE && m.getMetric().equals("observed_rate")
                && m.getWindowStart().toEpochMilli() == t0, Duration.ofSeconds(90));
            List<DriftMetric> window0 = seen.stream().filter(m -> m.getKind() == DriftKind.PERFORMANCE
                && m.getWindowStart().toEpochMilli() == t0).toList();
            assertThat(window0).extracting(DriftMetric::getMetric).contains("log_loss", "auc", "accuracy", "expected_calibration_error",
                "mean_predicted", "observed_rate");
            assertThat(window0).allSatisfy(m -> {
                assertThat(m.getModel()).isEqualTo("ctr");
                assertThat(m.getModelVersion()).isEqualTo(1);
                assertThat(m.getFeature()).isEqualTo("probability");
                assertThat(m.getCurrentCount()).as("every result of the window labelled, clicked or not").isEqualTo(PER_WINDOW);
            });
            double rate = window0.stream().filter(m -> m.getMetric().equals("observed_rate")).findFirst().orElseThrow().getValue();
            assertThat(rate).isEqualTo((double) clicked / PER_WINDOW);
            // the demo model on data like its training data (held-out AUC 0.84)
            assertThat(window0.stream().filter(m -> m.getMetric().equals("auc")).findFirst().orElseThrow().getValue()).isGreaterThan(0.75);
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    /** Sends the clicks whose time has come by {@code now} (waiting for each one's time when flushing the rest). */
    private static void sendDue(KafkaProducer<String, UserEvent> clicks, java.util.ArrayDeque<ProducerRecord<String, UserEvent>> due,
                                long now) throws InterruptedException {
        while (!due.isEmpty() && due.peek().timestamp() <= now) {
            ProducerRecord<String, UserEvent> click = due.poll();
            DriftIT.sleepUntil(click.timestamp());
            clicks.send(click);
        }
    }
}
