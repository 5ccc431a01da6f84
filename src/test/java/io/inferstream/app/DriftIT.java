package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceRequest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring and drift topologies together on an embedded broker, with the demo model and its shipped reference
 * profiles: traffic drawn like the training data raises no alert; shifted traffic raises one within two windows.
 * Event times are explicit (2 s windows) and the requests are paced like live traffic (event time follows the wall
 * clock), as the drift topology's watermarks assume.
 */
class DriftIT {

    private static final long WINDOW = 2_000;
    private static final int PER_WINDOW = 300;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static final String SCOPE = "drift-it-" + UUID.randomUUID();

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
    void shouldStayQuietOnBaselineTrafficAndAlertWithinTwoWindowsOfShiftedTraffic() throws Exception {
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "registry.url=mock://" + SCOPE, "http.port=0",
            "inference.model.repository=" + dir.resolve("models"),
            // version 1 was trained on the baseline regime (version 2 on the shifted one)
            "inference.models.ctr.versions=specific:1",
            "drift.window=" + WINDOW + "ms", "drift.window.grace=" + WINDOW + "ms", "drift.bootstrap.records=0",
            "streams.commit.interval.ms=100"));
        try (Admin admin = KafkaConnection.connect(config.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
            new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT).ensure(config.topics(), (short) 1);
        }
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE);
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + SCOPE);
        try (PipelineRunner pipeline = new PipelineRunner(config, List.of(new ScoringTopologyFactory(), new DriftTopologyFactory()));
             KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(config.kafka().producerConfig(), new StringSerializer(),
                 AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer());
             KafkaConsumer<String, DriftMetric> metrics = consumer(config, StandardTopic.MODEL_DRIFT_METRICS,
                 AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).deserializer());
             KafkaConsumer<String, DriftAlert> alerts = consumer(config, StandardTopic.MODEL_DRIFT_ALERTS,
                 AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false).deserializer())) {
            pipeline.start();
            String requests = config.topics().name(StandardTopic.INFERENCE_REQUESTS);
            long t0 = (System.currentTimeMillis() / WINDOW) * WINDOW;
            SyntheticCtr baseline = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 1);
            SyntheticCtr shifted = new SyntheticCtr(SyntheticCtr.Regime.SHIFTED, 2);
            int id = 0;
            // Grace = one window: results of the three partitions reach the drift tasks at different speeds, and a
            // window's merged sketch must wait for the slowest (a window closes at end + grace of the newest results).
            for (int w = 0; w < 5; w++) {
                id = send(producer, requests, baseline, t0 + w * WINDOW, id);
            }
            // Windows 0..2 close once window 4's results arrive.
            // A window's metrics may span several polls: wait until window 2 has every quantity's.
            java.util.Set<String> window2 = new java.util.HashSet<>();
            List<DriftMetric> seen = await(metrics, m -> m.getWindowStart().toEpochMilli() == t0 + 2 * WINDOW
                && window2.add(m.getFeature()) && window2.size() == 6, Duration.ofSeconds(60));
            assertThat(seen).extracting(DriftMetric::getFeature).contains("f0", "f1", "f2", "f3", "category", "probability");
            assertThat(alerts.poll(Duration.ofMillis(500)).isEmpty()).as("no alert on baseline traffic").isTrue();

            for (int w = 5; w < 9; w++) {
                id = send(producer, requests, shifted, t0 + w * WINDOW, id);
            }
            // Shifted windows 5 and 6 close when window 8's results arrive: the alert fires on window 6 at the latest.
            List<DriftAlert> fired = await(alerts, a -> a.getStatus() == AlertStatus.FIRING && a.getFeature().equals("f0"),
                Duration.ofSeconds(60));
            DriftAlert f0 = fired.stream().filter(a -> a.getFeature().equals("f0")).findFirst().orElseThrow();
            assertThat(f0.getModel()).isEqualTo("ctr");
            assertThat(f0.getModelVersion()).isEqualTo(1);
            assertThat(f0.getWindowStart().toEpochMilli()).isLessThanOrEqualTo(t0 + 6 * WINDOW);
            assertThat(fired).allSatisfy(a -> assertThat(a.getWindowStart().toEpochMilli()).isGreaterThanOrEqualTo(t0 + 5 * WINDOW));
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    private static int send(KafkaProducer<String, InferenceRequest> producer, String topic, SyntheticCtr generator, long windowStart,
                            int id) {
        SyntheticCtr.Sample sample = generator.sample(PER_WINDOW);
        for (int r = 0; r < PER_WINDOW; r++) {
            String user = "user-" + (id % 97);
            InferenceRequest request = DemoRequests.ctr("r" + id, user, sample, r, false);
            long t = windowStart + r * (WINDOW / PER_WINDOW);
            // Paced like live traffic: a backlog sent at once reaches the drift tasks one results partition after
            // another, and a sender not heard from yet holds no window open.
            sleepUntil(t);
            request.setEventTime(Instant.ofEpochMilli(t));
            producer.send(new ProducerRecord<>(topic, null, t, user, request));
            id++;
        }
        producer.flush();
        return id;
    }

    /** Waits until the wall clock reaches {@code epochMillis} (traffic paced like a live stream; also DriftLabelsIT). */
    static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A consumer of {@code topic} from its start, in a group of its own (also used by DriftLabelsIT). */
    static <V> KafkaConsumer<String, V> consumer(InferstreamConfig config, StandardTopic topic, Deserializer<V> values) {
        Map<String, Object> props = new java.util.HashMap<>(config.kafka().consumerConfig());
        props.put("group.id", "drift-it-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, V> c = new KafkaConsumer<>(props, new StringDeserializer(), values);
        c.subscribe(List.of(config.topics().name(topic)));
        return c;
    }

    /** Everything read until a record matches {@code until} (also used by DriftLabelsIT). */
    static <V> List<V> await(KafkaConsumer<String, V> consumer, Predicate<V> until, Duration timeout) {
        List<V> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(r.value());
                if (until.test(r.value())) {
                    return out;
                }
            }
        }
        throw new AssertionError("not seen within " + timeout + "; got " + out.size() + " records: "
            + out.stream().limit(5).toList());
    }
}
