package io.inferstream.app;

import java.io.PrintWriter;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Polls a consumer until Ctrl-C, until the handler asks to stop, or (with an idle timeout) until nothing arrives for
 * that long: what {@code tail} and {@code models status --follow} share.
 */
final class FollowLoop {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Handles one record; returns false to stop following. */
    @FunctionalInterface
    interface Handler {
        boolean accept(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    private FollowLoop() {
    }

    /** Runs until stopped; {@code idleTimeout} null waits for Ctrl-C. {@code out} is flushed after every batch. */
    static void run(KafkaConsumer<byte[], byte[]> consumer, Duration idleTimeout, PrintWriter out, Handler handler) throws Exception {
        long lastRecordAt = System.nanoTime();
        try (StopSignal stop = StopSignal.install()) {
            while (!stop.stopped()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    if (idleTimeout != null && System.nanoTime() - lastRecordAt > idleTimeout.toNanos()) {
                        return;
                    }
                    continue;
                }
                lastRecordAt = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (!handler.accept(r)) {
                        out.flush();
                        return;
                    }
                }
                out.flush();
            }
        }
    }
}
