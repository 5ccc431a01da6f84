package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.ModelVersion;
import io.inferstream.model.ReferenceProfile;
import io.inferstream.serde.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the reference profile each model version ships ({@code assets/reference_profile.json}) to the compacted
 * drift-reference-profiles topic, keyed {@code <model>/<version>}, so every instance monitors against the same
 * reference: once at start, then on every rescan of the repository (a new version, a changed file). Every instance
 * publishes the same record for the same file, which compaction reduces to one. A file that does not parse is
 * logged and skipped (the version is then bootstrapped, if that is on).
 */
public final class ReferencePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferencePublisher.class);

    private final ModelRepository repository;
    private final KafkaProducer<String, DriftReferenceProfile> producer;
    private final String topic;
    private final Clock clock;
    private final Map<Path, Long> published = new HashMap<>();
    private ScheduledExecutorService scheduler;

    public ReferencePublisher(ModelRepository repository, Map<String, Object> producerConfig, Topic<String, DriftReferenceProfile> topic,
                              Clock clock) {
        this.repository = repository;
        this.producer = new KafkaProducer<>(producerConfig, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.topic = topic.name();
        this.clock = clock;
    }

    /** Publishes what is there now (and waits for it), then rescans every {@code interval}. */
    public void start(Duration interval) {
        publishNew();
        producer.flush();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drift-reference-publisher");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::publishNewSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void publishNewSafely() {
        try {
            publishNew();
        } catch (RuntimeException e) {
            log.warn("Could not scan {} for reference profiles: {}", repository.root(), e.toString());
        }
    }

    /** Publishes every version's profile not yet published (or changed since); returns how many. */
    public synchronized int publishNew() {
        int n = 0;
        for (var versions : repository.scan().values()) {
            for (ModelVersion v : versions) {
                Path file = ReferenceProfile.file(v.path());
                if (Files.isRegularFile(file) && publish(v, file)) {
                    n++;
                }
            }
        }
        return n;
    }

    private boolean publish(ModelVersion v, Path file) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return false;
        }
        if (Long.valueOf(modified).equals(published.get(file))) {
            return false;
        }
        published.put(file, modified);
        DriftReferenceProfile profile;
        try {
            ReferenceProfile p = ReferenceProfile.read(file);
            // The folder names the version, whatever the file says.
            profile = References.fromAssets(new ReferenceProfile(v.model(), v.version(), p.regime(), p.trainingRows(), p.featureInputs(),
                p.numericFeatures(), p.categoricalFeatures(), p.outputs(), p.metrics()), clock.millis());
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping reference profile {}: {}", file, e.toString());
            return false;
        }
        String key = Quantity.versionKey(v.model(), v.version());
        producer.send(new ProducerRecord<>(topic, key, profile), (m, e) -> {
            if (e != null) {
                log.warn("Could not publish the reference profile of {}: {}", key, e.toString());
            }
        });
        log.info("Published the reference profile of {} ({} rows) to {}", key, profile.getRows(), topic);
        return true;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
