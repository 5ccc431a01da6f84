package io.inferstream.inference;

import io.inferstream.avro.ModelEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the operator commands on the model-control topic to this instance's {@link ModelManager}.
 *
 * <p>Every instance reads the whole topic from the beginning, without a consumer group (it assigns
 * all partitions itself), so every instance applies every command in the same order and they all
 * serve the same versions. {@link #start} first catches up with the commands already there, so an
 * instance that joins later serves what the others serve before it takes traffic. A record that
 * does not decode is logged and skipped: a bad command must not stop the others.
 */
public final class ModelControlListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelControlListener.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<ModelEvent> deserializer;
    private final ModelManager manager;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    public ModelControlListener(Map<String, Object> consumerConfig, String topic, Deserializer<ModelEvent> deserializer, ModelManager manager) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = Objects.requireNonNull(topic, "topic");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Applies the commands already on the topic, then keeps listening on a background thread. */
    public void start(Duration catchUpTimeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, catchUpTimeout).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, catchUpTimeout);
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        int applied = 0;
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            applied += pollOnce(true);
        }
        log.info("model-control: {} commands applied from {} at start-up", applied, topic);
        thread = new Thread(this::loop, "inferstream-model-control");
        thread.setDaemon(true);
        thread.start();
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void loop() {
        try {
            while (running.get()) {
                pollOnce(false);
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private int pollOnce(boolean wait) {
        int applied = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            ModelEvent event;
            try {
                event = deserializer.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                log.warn("model-control: skipping record {}-{}@{} that does not decode: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                continue;
            }
            if (event == null || !ModelControls.isCommand(event.getType())) {
                continue;
            }
            CompletableFuture<Void> done = manager.submit(event);
            if (wait) {
                done.join();
            }
            applied++;
        }
        return applied;
    }

    @Override
    public void close() {
        running.set(false);
        if (thread == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
