package io.inferstream.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaStore} on a compacted Kafka topic ({@code _schemas}, one partition) in Confluent's own record
 * format ({@link SchemasTopicFormat}), so the registry survives restarts and its data is interchangeable with
 * Confluent's registry.
 *
 * <p>As Confluent's {@code KafkaStore}: on start the topic is created if missing and read to its end before
 * anything is served; a reader thread then follows the topic and hands every record to the registry; a write
 * is produced with {@code acks=all} and returns only once the reader has handed it back (read-your-writes).
 *
 * <p><b>Single writer.</b> There is no leader election: one registry per cluster (per topic) may write. Two
 * registries writing the same topic could hand out the same id to different schemas. Inferstream embeds one
 * registry per Kafka cluster, which is this case.
 *
 * <p>A permanently deleted version is a tombstone; once compaction has removed the record, the highest id
 * can be handed out again if that version held it (Confluent's registry behaves the same).
 */
public final class KafkaSchemaStore implements SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaSchemaStoreConfig config;
    private final TopicPartition partition;
    private final Object progress = new Object();
    /** Offset of the next record the reader will hand over (guarded by {@link #progress}). */
    private long consumedUpTo;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private Thread reader;
    private volatile boolean running;
    private volatile RuntimeException readerFailure;

    public KafkaSchemaStore(KafkaSchemaStoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.partition = new TopicPartition(config.topic(), 0);
    }

    @Override
    public void start(Consumer<StoreRecord> listener) {
        Objects.requireNonNull(listener, "listener");
        if (running) {
            throw new IllegalStateException("KafkaSchemaStore already started");
        }
        long started = System.nanoTime();
        try {
            ensureTopic();
            consumer = new KafkaConsumer<>(clientProps(consumerProps()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), config.timeout()).get(partition);
            int replayed = replay(listener, end);
            producer = new KafkaProducer<>(clientProps(producerProps()), new ByteArraySerializer(), new ByteArraySerializer());
            running = true;
            reader = new Thread(() -> follow(listener), "schema-store-reader-" + config.topic());
            reader.setDaemon(true);
            reader.start();
            log.info("Schema store on {} topic {} replayed {} records (to offset {}) in {} ms", config.bootstrapServers(),
                config.topic(), replayed, end, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (RuntimeException e) {
            close();
            if (e instanceof RegistryException) {
                throw e;
            }
            throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "Cannot start the schema store on Kafka "
                + config.bootstrapServers() + " topic " + config.topic() + ": " + e.getMessage(), e);
        }
    }

    private int replay(Consumer<StoreRecord> listener, long end) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        int count = 0;
        long lastPosition = -1;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (deliver(listener, r)) {
                    count++;
                }
            }
            long position = consumer.position(partition);
            if (position != lastPosition) {
                // The timeout bounds a stall, not a long topic.
                lastPosition = position;
                deadline = System.nanoTime() + config.timeout().toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Replaying topic " + config.topic()
                    + " stalled at offset " + position + " of " + end + " for " + config.timeout());
            }
        }
        synchronized (progress) {
            consumedUpTo = consumer.position(partition);
        }
        return count;
    }

    private boolean deliver(Consumer<StoreRecord> listener, ConsumerRecord<byte[], byte[]> r) {
        Optional<StoreRecord> decoded;
        try {
            decoded = SchemasTopicFormat.decode(r.key(), r.value());
        } catch (RuntimeException e) {
            log.warn("Skipping record at {}-{} offset {}: not in the schema registry format: {}", r.topic(), r.partition(),
                r.offset(), e.getMessage());
            return false;
        }
        decoded.ifPresent(listener);
        return decoded.isPresent();
    }

    /** The reader thread: hands every new record to the registry and advances the read position. */
    private void follow(Consumer<StoreRecord> listener) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    deliver(listener, r);
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    if (position > consumedUpTo) {
                        consumedUpTo = position;
                        progress.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            readerFailure = e;
            log.error("Schema store reader on topic {} failed; writes will fail until restart", config.topic(), e);
            synchronized (progress) {
                progress.notifyAll();
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    @Override
    public void append(StoreRecord record) {
        Objects.requireNonNull(record, "record");
        if (!running) {
            throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "The schema store is not running");
        }
        failIfReaderDied();
        long offset;
        try {
            RecordMetadata meta = producer.send(new ProducerRecord<>(config.topic(), 0, SchemasTopicFormat.key(record),
                SchemasTopicFormat.value(record))).get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            offset = meta.offset();
        } catch (TimeoutException e) {
            throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Write to Kafka topic " + config.topic()
                + " timed out after " + config.timeout(), e);
        } catch (ExecutionException e) {
            throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "Error while writing to Kafka topic "
                + config.topic() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "Interrupted while writing to Kafka", e);
        }
        awaitConsumed(offset);
    }

    /** Read-your-writes: wait until the reader has handed the record at {@code offset} to the registry. */
    private void awaitConsumed(long offset) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        synchronized (progress) {
            while (consumedUpTo <= offset) {
                failIfReaderDied();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RegistryException(500, RegistryException.OPERATION_TIMEOUT, "Write to topic " + config.topic()
                        + " at offset " + offset + " was not read back within " + config.timeout());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "Interrupted while waiting for Kafka", e);
                }
            }
        }
    }

    private void failIfReaderDied() {
        RuntimeException failure = readerFailure;
        if (failure != null) {
            throw new RegistryException(500, RegistryException.BACKEND_STORE_ERROR, "The schema store reader failed: "
                + failure.getMessage(), failure);
        }
    }

    /** Creates the topic (1 partition, compacted) if missing; refuses one with several partitions. */
    private void ensureTopic() {
        Admin admin = Admin.create(clientProps(Map.of()));
        try {
            long timeoutMs = config.timeout().toMillis();
            Optional<TopicDescription> existing = describe(admin, timeoutMs);
            if (existing.isEmpty()) {
                NewTopic topic = new NewTopic(config.topic(), 1, config.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                    log.info("Created schema topic {} (1 partition, compacted, replication factor {})", config.topic(),
                        config.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + config.topic() + ": " + e.getCause().getMessage(), e);
                    }
                }
                return;
            }
            int partitions = existing.get().partitions().size();
            if (partitions != 1) {
                throw new IllegalStateException("Topic " + config.topic() + " has " + partitions
                    + " partitions; the schema registry needs exactly 1 (as Confluent's does)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
            Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS).get(resource);
            String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
                log.warn("Schema topic {} has cleanup.policy={}, not compact: old schemas may be deleted by retention",
                    config.topic(), policy);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot check topic " + config.topic() + " on " + config.bootstrapServers() + ": "
                + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topic " + config.topic(), e);
        } finally {
            // Bounded: Admin.close() would wait for pending calls as long as Kafka's own API timeout.
            admin.close(Duration.ofSeconds(2));
        }
    }

    private Optional<TopicDescription> describe(Admin admin, long timeoutMs)
        throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return Optional.of(admin.describeTopics(Set.of(config.topic())).allTopicNames()
                .get(timeoutMs, TimeUnit.MILLISECONDS).get(config.topic()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader");
        return p;
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.timeout().toMillis(), 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.timeout().toMillis(), 30_000));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.timeout().toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer");
        return p;
    }

    private Map<String, Object> clientProps(Map<String, Object> specific) {
        Map<String, Object> p = new HashMap<>(specific);
        p.putAll(config.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return p;
    }

    public KafkaSchemaStoreConfig config() {
        return config;
    }

    @Override
    public String describe() {
        return "kafka " + config.bootstrapServers() + " topic " + config.topic();
    }

    /** Stops the reader and closes the Kafka clients; the topic keeps everything. */
    @Override
    public synchronized void close() {
        boolean wasRunning = running;
        running = false;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (reader != null) {
            try {
                consumer.wakeup();
            } catch (RuntimeException e) {
                log.debug("Waking the reader up: {}", e.toString());
            }
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reader = null;
        } else if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        consumer = null;
        if (wasRunning) {
            log.info("Schema store on topic {} closed", config.topic());
        }
    }
}
