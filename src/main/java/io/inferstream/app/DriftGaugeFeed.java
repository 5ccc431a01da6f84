package io.inferstream.app;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.ops.DriftGauges;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link DriftGauges} from model-drift-metrics (from {@code lookback} ago) and model-drift-alerts (from the
 * start: the compacted topic is the current state of every alert), on a daemon thread with its own consumer.
 *
 * <p>Why a consumer of the topics rather than a hook in the drift topology: the topology's tasks move between
 * instances on every rebalance, and gauges kept by the task's former owner would go on reporting alerts that the new
 * owner has resolved. Reading the topics, every instance reports the same, whole picture (aggregate with
 * {@code max}, not {@code sum}), including the metrics other topologies publish there (shadow agreement, recall).
 * No consumer group: it assigns itself every partition and commits nothing.
 */
final class DriftGaugeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftGaugeFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_ASSIGN = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String metricsTopic;
    private final String alertsTopic;
    private final Deserializer<DriftMetric> metrics;
    private final Deserializer<DriftAlert> alerts;
    private final DriftGauges gauges;
    private final Duration lookback;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    DriftGaugeFeed(Map<String, Object> consumerConfig, String metricsTopic, String alertsTopic, Deserializer<DriftMetric> metrics,
                   Deserializer<DriftAlert> alerts, DriftGauges gauges, Duration lookback, Clock clock) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The topologies write both topics in transactions (exactly_once_v2): aborted records are not drift.
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.metricsTopic = metricsTopic;
        this.alertsTopic = alertsTopic;
        this.metrics = metrics;
        this.alerts = alerts;
        this.gauges = gauges;
        this.lookback = lookback;
        this.clock = clock;
        this.thread = new Thread(this::run, "inferstream-drift-gauges");
        this.thread.setDaemon(true);
    }

    DriftGaugeFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(RETRY_ASSIGN.toMillis());
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    apply(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("Drift gauges stopped following {} and {}: {}", metricsTopic, alertsTopic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of both topics; false while one does not exist yet. */
    private boolean assign() {
        List<TopicPartition> metricParts = partitions(metricsTopic);
        List<TopicPartition> alertParts = partitions(alertsTopic);
        if (metricParts.isEmpty() || alertParts.isEmpty()) {
            return false;
        }
        List<TopicPartition> all = new ArrayList<>(metricParts);
        all.addAll(alertParts);
        consumer.assign(all);
        consumer.seekToBeginning(all);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = clock.millis() - lookback.toMillis();
        metricParts.forEach(tp -> since.put(tp, from));
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(since).entrySet()) {
            if (e.getValue() != null) {
                consumer.seek(e.getKey(), e.getValue().offset());
            } else {
                consumer.seekToEnd(List.of(e.getKey()));
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(alertsTopic)) {
                gauges.apply(alerts.deserialize(r.topic(), r.value()));
            } else {
                gauges.apply(metrics.deserialize(r.topic(), r.value()));
            }
        } catch (RuntimeException e) {
            log.debug("Skipping {}-{}@{} for the drift gauges: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
