package io.inferstream.app;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import io.inferstream.model.SyntheticCtr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's clicks: for each scored demo request, a CLICK user event carrying its {@code requestId}, drawn with the
 * probability of a ground-truth click model and sent {@value #MIN_DELAY_MS}-{@value #MAX_DELAY_MS} ms later (a user
 * takes a moment to click), so the drift topology joins them with the results as labels. Until the traffic drifts the
 * truth is {@link SyntheticCtr#trueProbability}, which the demo model learned; afterwards f1's effect is reversed
 * (concept drift: the same features now mean other clicks), so log loss, AUC, accuracy and calibration degrade and
 * performance alerts follow. Clicks are on items {@code ad-c<category>}, by the requests' users.
 */
final class DemoClicks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoClicks.class);
    static final long MIN_DELAY_MS = 500;
    static final long MAX_DELAY_MS = 3_000;

    /** A click waiting for its moment. */
    private record Pending(UserEvent event, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Pending) other).dueNanos);
        }
    }

    private final Producer<String, UserEvent> producer;
    private final String topic;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;

    DemoClicks(Map<String, Object> producerConfig, String topic, Serializer<UserEvent> serializer) {
        this(new KafkaProducer<>(producerConfig, new StringSerializer(), serializer), topic, new Random());
    }

    DemoClicks(Producer<String, UserEvent> producer, String topic, Random random) {
        this.producer = producer;
        this.topic = topic;
        this.random = random;
        this.thread = new Thread(this::run, "inferstream-demo-clicks");
        this.thread.setDaemon(true);
    }

    /** The ground-truth click probability of a request: the demo model's truth, or after the drift f1's effect reversed. */
    static double clickProbability(float f0, float f1, float f2, float f3, long category, boolean conceptDrift) {
        return SyntheticCtr.trueProbability(f0, conceptDrift ? -f1 : f1, f2, f3, category);
    }

    DemoClicks start() {
        thread.start();
        return this;
    }

    long sent() {
        return sent.get();
    }

    /** The clicks scheduled and not sent yet, in no particular order. */
    List<UserEvent> pending() {
        return queue.stream().map(Pending::event).toList();
    }

    /** Decides whether the user clicks on request {@code requestId} (probability {@code p}) and if so schedules the click. */
    void offer(String requestId, String user, long category, double p) {
        if (random.nextDouble() >= p) {
            return;
        }
        long delay = MIN_DELAY_MS + (long) (random.nextDouble() * (MAX_DELAY_MS - MIN_DELAY_MS));
        UserEvent click = UserEvent.newBuilder().setUserId(user).setItemId("ad-c" + category).setType(EventType.CLICK).setValue(1.0)
            .setTimestamp(Instant.EPOCH).setRequestId(requestId).build();
        queue.add(new Pending(click, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)));
    }

    private void run() {
        try {
            while (running.get()) {
                Pending due = queue.poll(100, TimeUnit.MILLISECONDS);
                if (due != null) {
                    UserEvent click = due.event();
                    click.setTimestamp(Instant.now());
                    producer.send(new ProducerRecord<>(topic, click.getUserId(), click));
                    sent.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("demo clicks stopped: {}", e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
