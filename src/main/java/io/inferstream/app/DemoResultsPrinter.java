package io.inferstream.app;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.InferenceResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Shows the demo's results as they arrive: every few seconds, how many requests were scored (by model version and
 * role), the batch sizes and model latency seen, the dead letters by error code, and one example result. Reads
 * committed records only, as a downstream consumer of an exactly-once pipeline would.
 */
final class DemoResultsPrinter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<InferenceResult> results;
    private final Deserializer<DeadLetter> deadLetters;
    private final String resultsTopic;
    private final PrintWriter out;
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong scored = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong dead = new java.util.concurrent.atomic.AtomicLong();

    DemoResultsPrinter(Map<String, Object> consumerConfig, String resultsTopic, String deadLetterTopic, Deserializer<InferenceResult> results,
                       Deserializer<DeadLetter> deadLetters, PrintWriter out, Duration every) {
        Map<String, Object> props = new java.util.HashMap<>(consumerConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "inferstream-demo-printer-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(Set.of(resultsTopic, deadLetterTopic));
        this.results = results;
        this.deadLetters = deadLetters;
        this.resultsTopic = resultsTopic;
        this.out = out;
        this.every = every;
        this.thread = new Thread(this::run, "inferstream-demo-results");
        this.thread.setDaemon(true);
    }

    DemoResultsPrinter start() {
        thread.start();
        return this;
    }

    long scored() {
        return scored.get();
    }

    long deadLettered() {
        return dead.get();
    }

    private void run() {
        Map<String, Long> byVersion = new TreeMap<>();
        Map<String, Long> byCode = new TreeMap<>();
        long windowStart = System.nanoTime();
        long batchRows = 0;
        long latency = 0;
        long n = 0;
        InferenceResult example = null;
        try {
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.topic().equals(resultsTopic)) {
                        InferenceResult result = results.deserialize(r.topic(), r.value());
                        byVersion.merge(result.getModel() + " v" + result.getModelVersion() + " " + result.getRole(), 1L, Long::sum);
                        batchRows += result.getBatchSize();
                        latency += result.getLatencyMicros();
                        n++;
                        scored.incrementAndGet();
                        example = result;
                    } else {
                        byCode.merge(deadLetters.deserialize(r.topic(), r.value()).getErrorCode(), 1L, Long::sum);
                        dead.incrementAndGet();
                    }
                }
                long elapsed = System.nanoTime() - windowStart;
                if (elapsed >= every.toNanos() && (n > 0 || !byCode.isEmpty())) {
                    print(byVersion, byCode, n, batchRows, latency, elapsed, example);
                    byVersion.clear();
                    byCode.clear();
                    n = 0;
                    batchRows = 0;
                    latency = 0;
                    windowStart = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void print(Map<String, Long> byVersion, Map<String, Long> byCode, long n, long batchRows, long latency, long elapsedNanos,
                       InferenceResult example) {
        double seconds = elapsedNanos / 1e9;
        StringBuilder line = new StringBuilder(String.format("scored %,d (%.0f/s) %s", n, n / seconds, byVersion));
        if (n > 0) {
            line.append(String.format(", mean batch %.1f rows, mean model call %d µs", batchRows / (double) n, latency / n));
        }
        if (!byCode.isEmpty()) {
            line.append(", dead letters ").append(byCode);
        }
        out.println(line);
        if (example != null) {
            List<Float> p = example.getOutputs().values().iterator().next().getFloatValues();
            out.printf("  e.g. %s (user %s) -> %s = %s%n", example.getRequestId(), example.getUserId(),
                example.getOutputs().keySet().iterator().next(), p.isEmpty() ? "[]" : String.format("%.4f", p.get(0)));
        }
        out.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(5_000);
    }
}
