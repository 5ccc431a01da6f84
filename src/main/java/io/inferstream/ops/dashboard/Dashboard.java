package io.inferstream.ops.dashboard;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ModelEvent;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.ops.OpsHttpServer;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of one instance: the status sampler on its meter registry, the followers of the model-control,
 * drift-metrics and drift-alerts topics, and the page and its JSON API on the instance's HTTP server. Every instance
 * serves it (the meters are its own; the topics are everyone's). Closing stops the sampler and the followers; the
 * routes go with the HTTP server.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    /** Points per drift series (at the default 1-minute window, two hours), series at most, alert changes kept. */
    static final int DRIFT_POINTS = 120;
    static final int DRIFT_SERIES = 2_000;
    static final int RECENT_ALERTS = 50;
    static final int RECENT_COMMANDS = 10;
    /** Drift statistics read back at start: enough for {@link #DRIFT_POINTS} windows of a few dozen series. */
    static final long DRIFT_RECORDS_BACK = 20_000;

    private final StatusSampler sampler;
    private final SchemaRegistryClient registry;
    private final TopicFollower follower;

    private Dashboard(StatusSampler sampler, SchemaRegistryClient registry, TopicFollower follower) {
        this.sampler = sampler;
        this.registry = registry;
        this.follower = follower;
    }

    /** Starts the sampler and the followers and registers the page and its API on {@code http}. */
    public static Dashboard start(OpsHttpServer http, InferstreamConfig config, MeterRegistry meters) {
        StatusSampler sampler = StatusSampler.standard(new PipelineMeters(meters)).start();
        SchemaRegistryClient registry = null;
        try {
            registry = SchemaRegistryClients.create(RegistryClientConfig.fromProperties(config.registry().clientProperties()));
            AvroSerdeConfig serde = AvroSerdeConfig.fromProperties(config.registry().clientProperties());
            ModelBoard models = new ModelBoard(RECENT_COMMANDS);
            DriftHistory drift = new DriftHistory(DRIFT_POINTS, DRIFT_SERIES);
            AlertBoard alerts = new AlertBoard(RECENT_ALERTS);
            TopicFollower follower = new TopicFollower(config.kafka().consumerConfig(), List.of(
                new TopicFollower.Follow(config.topics().name(StandardTopic.MODEL_CONTROL), -1,
                    decoding(AvroSerdes.specific(ModelEvent.class, registry, serde, false).deserializer(), models::add)),
                new TopicFollower.Follow(config.topics().name(StandardTopic.MODEL_DRIFT_METRICS), DRIFT_RECORDS_BACK,
                    decoding(AvroSerdes.specific(DriftMetric.class, registry, serde, false).deserializer(), drift::add)),
                new TopicFollower.Follow(config.topics().name(StandardTopic.MODEL_DRIFT_ALERTS), -1,
                    decoding(AvroSerdes.specific(DriftAlert.class, registry, serde, false).deserializer(), alerts::add))));
            new StaticAssets().register(http);
            new DashboardApi(sampler, models, drift, alerts).register(http);
            follower.start();
            log.info("Dashboard at {}/", http.url());
            return new Dashboard(sampler, registry, follower);
        } catch (RuntimeException | Error e) {
            sampler.close();
            closeQuietly(registry);
            throw e;
        }
    }

    /** Values decoded from the registry wire format; tombstones (compaction's deletes) are skipped. */
    private static <V> Consumer<ConsumerRecord<byte[], byte[]>> decoding(Deserializer<V> values, Consumer<V> sink) {
        return r -> {
            if (r.value() != null) {
                sink.accept(values.deserialize(r.topic(), r.headers(), r.value()));
            }
        };
    }

    /** The instance's live status, as the dashboard shows it (the demo's status line reads it too). */
    public StatusSampler status() {
        return sampler;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.close();
        try {
            follower.close();
        } finally {
            closeQuietly(registry);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {}: {}", c, e.toString());
        }
    }
}
