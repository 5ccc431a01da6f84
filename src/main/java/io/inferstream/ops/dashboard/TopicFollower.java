package io.inferstream.ops.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a few topics read-only for the dashboard, on one daemon thread: no consumer group (partitions are assigned,
 * nothing is committed, so any number of instances follow without a rebalance or a trace in the cluster), committed
 * records only, from the beginning or from the last records of each partition. A topic that does not exist yet is
 * looked for again every {@link #RETRY}; a record its handler cannot take is logged and skipped; a broker that is
 * away is retried, never fatal: the dashboard must not take the pipeline down.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    static final Duration RETRY = Duration.ofSeconds(10);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One followed topic.
     *
     * @param recent  how many of each partition's last records to read first; negative: from the beginning
     * @param handler takes each record (on the follower's thread)
     */
    public record Follow(String topic, long recent, Consumer<ConsumerRecord<byte[], byte[]>> handler) {

        public Follow {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Follow> follows = new LinkedHashMap<>();
    private final Set<String> assignedTopics = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;

    /** @param consumerConfig the instance's consumer settings (bootstrap servers, security); group settings are dropped */
    public TopicFollower(Map<String, Object> consumerConfig, List<Follow> follows) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Looking for a topic must never create it (with the broker's defaults instead of the provisioned settings).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "inferstream-dashboard-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        follows.forEach(f -> this.follows.put(f.topic(), f));
        this.thread = new Thread(this::run, "inferstream-dashboard-follower");
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    /** Records skipped because their handler failed. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        long lookedAt = 0;
        try {
            while (running.get()) {
                if (assignedTopics.size() < follows.size() && System.nanoTime() - lookedAt >= 0) {
                    assignNewTopics();
                    lookedAt = System.nanoTime() + RETRY.toNanos();
                }
                if (assignedTopics.isEmpty()) {
                    sleep(POLL);
                    continue;
                }
                pollOnce();
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                try {
                    follows.get(r.topic()).handler().accept(r);
                } catch (RuntimeException e) {
                    if (skipped.incrementAndGet() <= 10) {
                        log.warn("Dashboard skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("Dashboard follower cannot read from Kafka, retrying: {}", e.toString());
            sleep(Duration.ofSeconds(1));
        }
    }

    /** Assigns the partitions of followed topics that exist now, positioned as each topic's {@link Follow} says. */
    private void assignNewTopics() {
        List<TopicPartition> added = new ArrayList<>();
        try {
            for (Follow f : follows.values()) {
                if (!assignedTopics.contains(f.topic())) {
                    List<PartitionInfo> partitions = consumer.partitionsFor(f.topic(), METADATA_TIMEOUT);
                    if (partitions != null) {
                        partitions.forEach(p -> added.add(new TopicPartition(p.topic(), p.partition())));
                    }
                }
            }
            if (added.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(added, METADATA_TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(added, METADATA_TIMEOUT);
            Set<TopicPartition> all = new HashSet<>(consumer.assignment());
            all.addAll(added);
            // Partitions assigned before keep their positions.
            consumer.assign(all);
            for (TopicPartition tp : added) {
                long recent = follows.get(tp.topic()).recent();
                consumer.seek(tp, recent < 0 ? begin.get(tp) : Math.max(begin.get(tp), end.get(tp) - recent));
                assignedTopics.add(tp.topic());
            }
            log.info("Dashboard follows {}", added);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.info("Dashboard cannot look up {} yet, retrying in {} s: {}", follows.keySet(), RETRY.toSeconds(), e.toString());
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
