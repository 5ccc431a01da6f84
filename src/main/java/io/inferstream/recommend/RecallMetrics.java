package io.inferstream.recommend;

import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.serde.Topic;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * Sums the tasks' prequential counts per evaluation window into one recall@N per window on model-drift-metrics
 * (model {@value #MODEL}, kind PERFORMANCE, feature and metric {@code recall_at_<N>}, currentCount = events
 * evaluated), which the drift monitor treats as the recommender's performance.
 *
 * <p>Why partials: each user-side task counts its own events per window and sends one record per closed window,
 * so the single key below carries a few records per window and task, never per-event traffic.
 */
final class RecallMetrics {

    static final String MODEL = "recommender";
    /** Key of the partials: every task's counts of a window meet in one task. */
    static final String KEY = MODEL;
    /** Repartition topic {@code <application.id>-recommend-recall-partials-repartition}. */
    static final String REPARTITION = "recommend-recall-partials";
    static final String STORE = "recommend-recall-window-store";

    private RecallMetrics() {
    }

    static String metricName(int topN) {
        return "recall_at_" + topN;
    }

    static void addTo(KStream<String, EvalCounts> partials, int topN, Duration window, Duration grace, Topic<String, DriftMetric> metrics) {
        // A task sends its partial once its own stream time passes the window's end + grace; tasks progress unevenly,
        // so the sum waits one more window (+ grace) for the slower ones before it closes.
        Duration sumGrace = grace.plus(window);
        String metric = metricName(topN);
        partials
            .groupByKey(Grouped.with(REPARTITION, Serdes.String(), EvalCounts.serde()))
            .windowedBy(TimeWindows.ofSizeAndGrace(window, sumGrace))
            // In memory: a handful of open windows; the changelog restores it.
            .reduce(EvalCounts::plus, Named.as("recommend-recall-sum"),
                Materialized.<String, EvalCounts>as(Stores.inMemoryWindowStore(STORE, window.plus(sumGrace), window, false))
                    .withKeySerde(Serdes.String()).withValueSerde(EvalCounts.serde()))
            // One final record per window once it has closed (see ShadowMetrics for why suppress over a punctuator).
            .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                .withName("recommend-recall-until-window-closes"))
            .toStream(Named.as("recommend-recall-closed-windows"))
            .map((w, c) -> org.apache.kafka.streams.KeyValue.pair(MODEL + "/0/" + metric, DriftMetric.newBuilder()
                .setModel(MODEL)
                .setModelVersion(0)
                .setFeature(metric)
                .setKind(DriftKind.PERFORMANCE)
                .setMetric(metric)
                .setValue(c.recall())
                .setWindowStart(Instant.ofEpochMilli(w.window().start()))
                .setWindowEnd(Instant.ofEpochMilli(w.window().end()))
                .setCurrentCount(c.total())
                .build()), Named.as("recommend-recall-metric"))
            .to(metrics.name(), metrics.produced("recommend-drift-metrics-sink"));
    }
}
