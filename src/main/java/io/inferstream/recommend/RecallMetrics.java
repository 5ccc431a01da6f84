package io.inferstream.recommend;

import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.serde.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums the user-side tasks' prequential counts per evaluation window into one recall@N per window on
 * model-drift-metrics (model {@value #MODEL}, kind PERFORMANCE, feature and metric {@code recall_at_<N>},
 * currentCount = events evaluated), which the drift monitor treats as the recommender's performance.
 *
 * <p>Why not a windowed aggregate with suppress: its stream time is the newest window any task has reported, and
 * tasks drift apart in event time (a backfill, a task restored after a crash), so a slower task's counts would be
 * dropped as late. Instead every task reports its watermark with its closed windows ({@link EvalProgress}), and a
 * window is published once every task's watermark has passed its end: the sum is complete, however far apart the
 * tasks are. A task whose watermark has not moved for {@code idleTimeout} (an idle partition) stops holding the
 * others back. Each task sends one small record per tick, so the single key below never carries per-event traffic.
 */
final class RecallMetrics {

    static final String MODEL = "recommender";
    /** Key of the progress records: every task's progress meets in one task. */
    static final String KEY = MODEL;
    /** Repartition topic {@code <application.id>-recommend-eval-progress-repartition} (one partition: one key). */
    static final String REPARTITION = "recommend-eval-progress";
    /** Window sums by window start. */
    static final String SUMS = "recommend-recall-sums";
    /** Task watermarks by task partition: (watermark, wall-clock time it last moved). */
    static final String WATERMARKS = "recommend-recall-watermarks";

    private RecallMetrics() {
    }

    static String metricName(int topN) {
        return "recall_at_" + topN;
    }

    static void addTo(StreamsBuilder builder, KStream<String, EvalProgress> progress, int topN, Duration window, Duration idleTimeout,
                      int tasks, Topic<String, DriftMetric> metrics) {
        // Both in memory (a few entries), changelogged; no cache: the punctuator reads them right after writes anyway.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SUMS), Serdes.Long(), EvalCounts.serde())
            .withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WATERMARKS), Serdes.Integer(), EvalCounts.serde())
            .withLoggingEnabled(Map.of()));
        progress
            .repartition(Repartitioned.<String, EvalProgress>as(REPARTITION).withKeySerde(Serdes.String())
                .withValueSerde(EvalProgress.serde()).withNumberOfPartitions(1))
            .process(() -> new Summer(metricName(topN), window.toMillis(), idleTimeout.toMillis(), tasks), Named.as("recommend-recall-sum"),
                SUMS, WATERMARKS)
            .to(metrics.name(), metrics.produced("recommend-drift-metrics-sink"));
    }

    /** Sums the tasks' counts and publishes each window once all tasks have passed it. */
    static final class Summer implements Processor<String, EvalProgress, String, DriftMetric> {

        private static final Logger log = LoggerFactory.getLogger(Summer.class);

        private final String metric;
        private final long windowMs;
        private final long idleTimeoutMs;
        private final int tasks;
        private long startedAt;
        private ProcessorContext<String, DriftMetric> context;
        private KeyValueStore<Long, EvalCounts> sums;
        /** Per task: hits = watermark, total = wall-clock time it last moved (EvalCounts reused as a pair of longs). */
        private KeyValueStore<Integer, EvalCounts> watermarks;
        private long published = Long.MIN_VALUE;

        /** @param tasks user-side tasks (partitions of user-events) whose progress a window waits for */
        Summer(String metric, long windowMs, long idleTimeoutMs, int tasks) {
            this.metric = metric;
            this.windowMs = windowMs;
            this.idleTimeoutMs = idleTimeoutMs;
            this.tasks = tasks;
        }

        @Override
        public void init(ProcessorContext<String, DriftMetric> context) {
            this.context = context;
            this.sums = context.getStateStore(SUMS);
            this.watermarks = context.getStateStore(WATERMARKS);
            this.startedAt = context.currentSystemTimeMs();
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::publishComplete);
        }

        @Override
        public void process(Record<String, EvalProgress> record) {
            EvalProgress p = record.value();
            if (p == null) {
                return;
            }
            p.closed().forEach((start, counts) -> {
                if (start + windowMs <= published) {
                    log.warn("recall window {} was already published; {} evaluations of task {} came too late", start, counts.total(), p.task());
                    return;
                }
                EvalCounts sum = sums.get(start);
                sums.put(start, sum == null ? counts : sum.plus(counts));
            });
            EvalCounts before = watermarks.get(p.task());
            if (before == null || p.watermark() > before.hits()) {
                watermarks.put(p.task(), new EvalCounts(p.watermark(), context.currentSystemTimeMs()));
            }
        }

        /**
         * Windows that end at or before every active task's watermark are complete. Until every task has reported
         * once (or the idle timeout has passed since start, for partitions without events), nothing is.
         */
        void publishComplete(long now) {
            long low = Long.MAX_VALUE;
            int known = 0;
            try (KeyValueIterator<Integer, EvalCounts> it = watermarks.all()) {
                while (it.hasNext()) {
                    EvalCounts w = it.next().value;
                    known++;
                    if (now - w.total() <= idleTimeoutMs) {
                        low = Math.min(low, w.hits());
                    }
                }
            }
            if (low == Long.MAX_VALUE || (known < tasks && now - startedAt <= idleTimeoutMs)) {
                return;
            }
            List<KeyValue<Long, EvalCounts>> complete = new ArrayList<>();
            try (KeyValueIterator<Long, EvalCounts> it = sums.all()) {
                while (it.hasNext()) {
                    KeyValue<Long, EvalCounts> e = it.next();
                    if (e.key + windowMs <= low) {
                        complete.add(e);
                    }
                }
            }
            for (KeyValue<Long, EvalCounts> e : complete) {
                context.forward(new Record<>(MODEL + "/0/" + metric, metric(e.key, e.value), e.key + windowMs));
                sums.delete(e.key);
                published = Math.max(published, e.key + windowMs);
            }
        }

        private DriftMetric metric(long start, EvalCounts c) {
            return DriftMetric.newBuilder()
                .setModel(MODEL)
                .setModelVersion(0)
                .setFeature(metric)
                .setKind(DriftKind.PERFORMANCE)
                .setMetric(metric)
                .setValue(c.recall())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + windowMs))
                .setCurrentCount(c.total())
                .build();
        }
    }
}
