package io.inferstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.ops.alerts.AlertmanagerAlert;
import io.inferstream.ops.alerts.AlertmanagerPayload;
import io.inferstream.ops.alerts.DriftAlertMapper;
import io.inferstream.ops.alerts.OpenAlerts;
import io.inferstream.ops.alerts.WebhookSender;
import io.inferstream.serde.AvroJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop behind {@code inferstream alerts}: reads {@code model-drift-alerts} in a consumer group, prints every
 * change, keeps the {@link OpenAlerts} table and delivers new changes to a webhook, committing offsets only once the
 * webhook took them (at-least-once).
 *
 * <p>Why it reads from the start although it commits: the topic is compacted, so its history is the current state of
 * every alert, and the open-alerts table needs it. Records before the group's committed offset are <i>replayed</i>:
 * printed and applied to the table, but not sent again, because an earlier run delivered them.
 */
final class AlertStream {

    private static final Logger log = LoggerFactory.getLogger(AlertStream.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the loop is told from the command line. */
    record Options(String alertsTopic, String metricsTopic, boolean fromNow, boolean json, Duration idleTimeout,
                   Long maxAlerts, boolean skipUndeliverable) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<DriftAlert> alerts;
    private final Deserializer<DriftMetric> metrics;
    private final WebhookSender webhook;
    private final DriftAlertMapper mapper;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OpenAlerts open = new OpenAlerts();
    /** Per alert partition: offsets below it were delivered by an earlier run. */
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private long alertsSeen;

    AlertStream(KafkaConsumer<byte[], byte[]> consumer, Deserializer<DriftAlert> alerts, Deserializer<DriftMetric> metrics,
                WebhookSender webhook, DriftAlertMapper mapper, Options options, PrintWriter out, PrintWriter err) {
        this.consumer = consumer;
        this.alerts = alerts;
        this.metrics = metrics;
        this.webhook = webhook;
        this.mapper = mapper;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs until Ctrl-C, the idle timeout or the alert limit; a webhook that stays down ends it with a CliException. */
    void run() throws InterruptedException {
        List<String> topics = options.metricsTopic() == null ? List.of(options.alertsTopic())
            : List.of(options.alertsTopic(), options.metricsTopic());
        consumer.subscribe(topics, new Positions());
        long lastRecordAt = System.nanoTime();
        try (StopSignal stop = StopSignal.install()) {
            boolean more = true;
            while (more && !stop.stopped()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    more = options.idleTimeout() == null || System.nanoTime() - lastRecordAt <= options.idleTimeout().toNanos();
                    continue;
                }
                lastRecordAt = System.nanoTime();
                more = handle(records);
            }
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** One poll's records: print, deliver, commit. False when the alert limit is reached. */
    private boolean handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<AlertmanagerAlert> toSend = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        boolean more = true;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (!r.topic().equals(options.alertsTopic())) {
                printMetric(r);
                continue;
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long resume = resumeAt.getOrDefault(tp, 0L);
            if (r.offset() + 1 > resume) {
                commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
            DriftAlert alert = decode(r, alerts);
            if (alert == null) {
                continue;
            }
            int before = open.size();
            Instant startedAt = open.apply(alert);
            print(alert, before);
            if (webhook != null && r.offset() >= resume) {
                toSend.add(mapper.alert(alert, startedAt));
            }
            alertsSeen++;
            if (options.maxAlerts() != null && alertsSeen >= options.maxAlerts()) {
                more = false;
                break;
            }
        }
        out.flush();
        err.flush();
        deliver(toSend);
        if (!commit.isEmpty()) {
            consumer.commitSync(commit);
        }
        return more;
    }

    private void print(DriftAlert alert, int openBefore) {
        if (options.json()) {
            out.println(AvroJson.toJsonNode(alert).toString());
        } else {
            out.println(AlertLines.alert(alert));
        }
        if (open.size() != openBefore) {
            // Keeps stdout one JSON object per alert under --json.
            (options.json() ? err : out).println(AlertLines.openSummary(open.size()));
        }
    }

    private void printMetric(ConsumerRecord<byte[], byte[]> r) {
        DriftMetric m = decode(r, metrics);
        if (m != null) {
            out.println(options.json() ? AvroJson.toJsonNode(m).toString() : AlertLines.metric(m));
        }
    }

    private <T> T decode(ConsumerRecord<byte[], byte[]> r, Deserializer<T> deserializer) {
        try {
            return deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            err.println("error: " + r.topic() + " partition " + r.partition() + " offset " + r.offset()
                + ": cannot decode value: " + Main.describe(e));
            return null;
        }
    }

    /**
     * Sends the batch's notifications. A rejection (4xx) is reported and the batch counts as handled: sending it again
     * would be rejected again. Giving up after the retries stops the command before the commit, so the next run sends
     * the batch again, unless {@code --skip-undeliverable} says to log it as lost and go on.
     */
    private void deliver(List<AlertmanagerAlert> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        for (AlertmanagerPayload payload : mapper.notifications(batch)) {
            WebhookSender.Result result = webhook.post(payload.toJson());
            switch (result.outcome()) {
                case DELIVERED -> log.info("Webhook {} took {} alert(s) of {} (HTTP {}, {} attempt(s))", webhook.url(),
                    payload.alerts().size(), payload.groupLabels().get("model"), result.status(), result.attempts());
                case REJECTED -> lost(payload, "webhook rejected it with HTTP " + result.status()
                    + (result.detail().isEmpty() ? "" : ": " + result.detail()));
                case GAVE_UP -> {
                    String why = "webhook " + webhook.url() + " failed " + result.attempts() + " times"
                        + (result.status() == 0 ? "" : " (last: HTTP " + result.status() + ")")
                        + (result.detail().isEmpty() ? "" : ": " + result.detail());
                    if (!options.skipUndeliverable()) {
                        throw new CliException(ExitCodes.UNAVAILABLE, why + "; offsets not committed, the next run "
                            + "sends these alerts again (or give --skip-undeliverable)");
                    }
                    lost(payload, why);
                }
                default -> throw new IllegalStateException("unknown outcome " + result.outcome());
            }
        }
    }

    private void lost(AlertmanagerPayload payload, String why) {
        List<String> ids = payload.alerts().stream().map(a -> a.annotations().get("alert_id")).toList();
        err.println("error: LOST DELIVERY of " + ids.size() + " alert(s) " + ids + ": " + why);
        err.flush();
        log.error("Lost delivery of alerts {}: {}", ids, why);
    }

    /** Where each partition starts when the group hands it to this consumer. */
    private final class Positions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> alertPartitions = partitions.stream().filter(p -> p.topic().equals(options.alertsTopic())).toList();
            List<TopicPartition> metricPartitions = partitions.stream().filter(p -> !p.topic().equals(options.alertsTopic())).toList();
            // Metrics are only printed: new ones, whatever the group read before.
            consumer.seekToEnd(metricPartitions);
            if (alertPartitions.isEmpty()) {
                return;
            }
            if (options.fromNow()) {
                consumer.seekToEnd(alertPartitions);
                alertPartitions.forEach(p -> resumeAt.put(p, 0L));
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(alertPartitions));
            for (TopicPartition p : alertPartitions) {
                OffsetAndMetadata c = committed.get(p);
                resumeAt.put(p, c == null ? 0L : c.offset());
            }
            consumer.seekToBeginning(alertPartitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing pending: every batch is committed before the next poll.
        }
    }
}
