package io.inferstream.app;

import io.inferstream.avro.DriftAlert;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Shows drift alerts as they are raised and resolved during the demo, in the same one-line format as
 * {@code inferstream alerts}. Reads committed records only, from the end of the topic (this run's alerts).
 */
final class DemoAlertPrinter implements AutoCloseable {

    private final KafkaConsumer<String, DriftAlert> consumer;
    private final PrintWriter out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong alerts = new AtomicLong();
    private final Thread thread;

    DemoAlertPrinter(Map<String, Object> consumerConfig, String topic, Deserializer<DriftAlert> values, PrintWriter out) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "inferstream-demo-alerts-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.consumer.subscribe(Set.of(topic));
        this.out = out;
        this.thread = new Thread(this::run, "inferstream-demo-alerts");
        this.thread.setDaemon(true);
    }

    DemoAlertPrinter start() {
        thread.start();
        return this;
    }

    /** Alert changes read so far. */
    long alerts() {
        return alerts.get();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, DriftAlert> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        alerts.incrementAndGet();
                        out.println("drift alert: " + AlertLines.alert(r.value()));
                        out.flush();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
