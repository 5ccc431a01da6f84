package io.inferstream.app;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.inference.DemoRequests;
import io.inferstream.model.SyntheticCtr;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
 * The demo's request generator: click-through requests for the demo model drawn from its synthetic
 * generator, keyed by user, at a steady rate; one in {@code badEvery} is deliberately malformed (a
 * missing feature) so the dead-letter path shows too.
 *
 * <p>Request ids are {@code demo-<run>-<n>}: {@code n} counts this run's requests, {@code run} is a random id per demo
 * run. The run part matters because the demo keeps its broker's data, and with it the drift topology's label-join
 * state, between runs: a second run restores the first run's results still waiting for their clicks, and ids that
 * started again at {@code demo-1} would collide with them (counted as duplicate results, their clicks joined with
 * the old results).
 */
final class DemoTraffic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final int USERS = 500;

    private final Producer<String, InferenceRequest> producer;
    private final String topic;
    private final String runId;
    private final int perSecond;
    private final int badEvery;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile long driftAfterNanos = Long.MAX_VALUE;
    private volatile SyntheticCtr.Regime startRegime = SyntheticCtr.Regime.BASELINE;
    private DemoClicks clicks;
    /** Requests generated so far (the traffic thread's; {@link #sent} is what others read). */
    private long generated;

    DemoTraffic(Map<String, Object> producerConfig, String topic, Serializer<InferenceRequest> serializer, String runId, int perSecond,
                int badEvery) {
        this(new KafkaProducer<>(producerConfig, new StringSerializer(), serializer), topic, runId, perSecond, badEvery);
    }

    DemoTraffic(Producer<String, InferenceRequest> producer, String topic, String runId, int perSecond, int badEvery) {
        this.producer = producer;
        this.topic = topic;
        this.runId = runId;
        this.perSecond = perSecond;
        this.badEvery = badEvery;
        this.thread = new Thread(this::run, "inferstream-demo-traffic");
        this.thread.setDaemon(true);
    }

    /** A new run id: 8 hex digits, random, so runs on the same data dir (and so on the same label-join state) differ. */
    static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The id of run {@code runId}'s {@code n}th request (from 1; the console shows {@code <n>}). */
    static String requestId(String runId, String n) {
        return "demo-" + runId + "-" + n;
    }

    /**
     * Draw requests from {@code start} (the regime the served version was trained on, so its drift monitor stays
     * quiet), then switch to the other regime this long after start, so the drift topology alerts; zero or null:
     * never switch.
     */
    DemoTraffic driftAfter(Duration after, SyntheticCtr.Regime start) {
        this.driftAfterNanos = after == null || after.isZero() || after.isNegative() ? Long.MAX_VALUE : after.toNanos();
        this.startRegime = start;
        return this;
    }

    /**
     * Also click on scored requests ({@link DemoClicks}, labels for performance drift); the click model changes when the
     * traffic drifts. Closed with this generator.
     */
    DemoTraffic clicks(DemoClicks labels) {
        this.clicks = labels;
        return this;
    }

    DemoTraffic start() {
        if (clicks != null) {
            clicks.start();
        }
        thread.start();
        return this;
    }

    String runId() {
        return runId;
    }

    /** Clicks sent so far (0 without {@link #clicks}). */
    long clicksSent() {
        return clicks == null ? 0 : clicks.sent();
    }

    long sent() {
        return sent.get();
    }

    private void run() {
        SyntheticCtr generator = new SyntheticCtr(startRegime, System.nanoTime());
        long started = System.nanoTime();
        try {
            while (running.get()) {
                // Send what is due by now, so the rate holds whatever the timer's granularity.
                long due = perSecond * (System.nanoTime() - started) / 1_000_000_000L;
                int n = (int) Math.min(due - generated, 10_000);
                if (generator.regime() == startRegime && System.nanoTime() - started >= driftAfterNanos) {
                    SyntheticCtr.Regime next = startRegime == SyntheticCtr.Regime.BASELINE
                        ? SyntheticCtr.Regime.SHIFTED : SyntheticCtr.Regime.BASELINE;
                    generator = new SyntheticCtr(next, System.nanoTime());
                    log.info("Demo traffic drifts now from the {} to the {} regime (f0's mean, f1's spread and the category mix "
                        + "change{})", startRegime, next, clicks == null ? "" : "; clicks now follow f1 the other way");
                }
                if (n > 0) {
                    send(generator.sample(n), generator.regime() != startRegime);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("demo traffic stopped: {}", e.toString());
        }
    }

    /**
     * Sends a request per row of {@code sample}, the next ones of this run, and offers the well-formed ones to the
     * clicks (with the click model after the concept drift when {@code drifted}).
     */
    void send(SyntheticCtr.Sample sample, boolean drifted) {
        float[] f = sample.features();
        long[] categories = sample.categories();
        for (int r = 0; r < sample.rows(); r++) {
            long n = ++generated;
            String id = requestId(runId, Long.toString(n));
            String user = "user-" + (n * 7919 % USERS);
            boolean malformed = n % badEvery == 0;
            producer.send(new ProducerRecord<>(topic, user, DemoRequests.ctr(id, user, sample, r, malformed)));
            if (clicks != null && !malformed) {
                clicks.offer(id, user, categories[r], DemoClicks.clickProbability(f[r * 4], f[r * 4 + 1], f[r * 4 + 2], f[r * 4 + 3],
                    categories[r], drifted));
            }
        }
        sent.addAndGet(sample.rows());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        producer.close(Duration.ofSeconds(5));
        if (clicks != null) {
            clicks.close();
        }
    }
}
