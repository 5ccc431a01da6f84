package io.inferstream.app;

import io.inferstream.avro.UserEvent;
import io.inferstream.recommend.synthetic.SyntheticEvents;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's user-event generator: the synthetic stream with a planted preference structure (the one the tests and
 * {@code bench recommend} use), keyed by user, stamped with the wall clock, at a steady rate. Every user's
 * preferences shift once after {@code shiftAfter}, so the feeds visibly adapt.
 */
final class DemoUserEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoUserEvents.class);

    static final int USERS = 1_000;
    static final int ITEMS = 1_000;

    private final KafkaProducer<String, UserEvent> producer;
    private final String topic;
    private final int perSecond;
    private final long shiftAtEvent;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;

    DemoUserEvents(Map<String, Object> producerConfig, String topic, Serializer<UserEvent> serializer, int perSecond, Duration shiftAfter) {
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer);
        this.topic = topic;
        this.perSecond = perSecond;
        this.shiftAtEvent = Math.max(1, perSecond * shiftAfter.toSeconds());
        this.thread = new Thread(this::run, "inferstream-demo-user-events");
        this.thread.setDaemon(true);
    }

    DemoUserEvents start() {
        thread.start();
        return this;
    }

    long sent() {
        return sent.get();
    }

    /** Whether the planted preferences have shifted yet. */
    boolean shifted() {
        return sent.get() > shiftAtEvent;
    }

    private void run() {
        SyntheticSettings settings = SyntheticSettings.small(System.nanoTime())
            .withSize(USERS, ITEMS, Long.MAX_VALUE)
            .withArrival(1.0, 1.0)
            .withShiftAt(shiftAtEvent);
        Iterator<UserEvent> events = SyntheticEvents.generate(settings);
        long started = System.nanoTime();
        long n = 0;
        try {
            while (running.get()) {
                // Send what is due by now, so the rate holds whatever the timer's granularity.
                long due = perSecond * (System.nanoTime() - started) / 1_000_000_000L;
                Instant now = Instant.now();
                for (; n < due; n++) {
                    UserEvent event = events.next();
                    event.setTimestamp(now);
                    producer.send(new ProducerRecord<>(topic, event.getUserId(), event));
                }
                sent.set(n);
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("demo user events stopped: {}", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
