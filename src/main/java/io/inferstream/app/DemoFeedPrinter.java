package io.inferstream.app;

import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.Recommendations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Shows the recommendation feeds as a user of them sees them: every few seconds, how many feeds were published, and
 * one followed user's feed whenever it changed — the items move as that user's events arrive and, after the
 * planted preference shift, as their taste changes. Reads committed records only.
 */
final class DemoFeedPrinter implements AutoCloseable {

    private static final int SHOWN = 5;

    private final KafkaConsumer<String, Recommendations> consumer;
    private final String followed;
    private final PrintWriter out;
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong feeds = new AtomicLong();
    private final Thread thread;

    DemoFeedPrinter(Map<String, Object> consumerConfig, String topic, Deserializer<Recommendations> values, String followed,
                    PrintWriter out, Duration every) {
        Map<String, Object> props = new HashMap<>(consumerConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "inferstream-demo-feeds-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.consumer.subscribe(Set.of(topic));
        this.followed = followed;
        this.out = out;
        this.every = every;
        this.thread = new Thread(this::run, "inferstream-demo-feeds");
        this.thread.setDaemon(true);
    }

    DemoFeedPrinter start() {
        thread.start();
        return this;
    }

    /** Feeds read so far. */
    long feeds() {
        return feeds.get();
    }

    private void run() {
        long windowStart = System.nanoTime();
        long inWindow = 0;
        String shownFeed = "";
        Recommendations latest = null;
        try {
            while (running.get()) {
                for (ConsumerRecord<String, Recommendations> r : consumer.poll(Duration.ofMillis(200))) {
                    inWindow++;
                    feeds.incrementAndGet();
                    if (followed.equals(r.key()) && r.value() != null) {
                        latest = r.value();
                    }
                }
                long elapsed = System.nanoTime() - windowStart;
                if (elapsed >= every.toNanos() && inWindow > 0) {
                    String feed = latest == null ? "" : describe(latest.getItems());
                    String change = feed.isEmpty() ? "no feed yet" : feed.equals(shownFeed) ? "unchanged" : feed;
                    out.printf("recommendations: %,d feeds (%.0f/s); %s's feed [%s]: %s%n", inWindow, inWindow / (elapsed / 1e9),
                        followed, latest == null ? "-" : latest.getSource(), change);
                    out.flush();
                    shownFeed = feed.isEmpty() ? shownFeed : feed;
                    inWindow = 0;
                    windowStart = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static String describe(List<RecommendedItem> items) {
        return items.stream().limit(SHOWN).map(i -> String.format("%s %.2f", i.getItemId(), i.getScore()))
            .collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
