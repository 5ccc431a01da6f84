package io.inferstream.inference;

import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.serde.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * The shadow comparisons' agreement, summed up per (model, served version, shadow version) in tumbling
 * event-time windows and published to model-drift-metrics once a window has closed: four {@link DriftMetric}
 * records per window (see {@link ShadowStats#toMetrics}), keyed {@code <model>/<servedVersion>/shadow:v<shadowVersion>}.
 * A window without comparisons publishes nothing.
 *
 * <p>Event time is the request's timestamp: a comparison record carries its request's timestamp (see
 * {@link ScoringOutcome#timestamp()}), so a window holds the requests of that minute, however late they were scored.
 */
final class ShadowMetrics {

    /** Repartition topic {@code <application.id>-shadow-stats-by-model-repartition}. */
    static final String REPARTITION = "shadow-stats-by-model";
    /** Window store; changelog {@code <application.id>-shadow-stats-window-store-changelog}. */
    static final String STORE = "shadow-stats-window-store";

    private ShadowMetrics() {
    }

    static void addTo(KStream<byte[], ShadowComparison> comparisons, ShadowWindowSettings window, Topic<String, DriftMetric> metrics) {
        ShadowStatsSerde statsSerde = new ShadowStatsSerde();
        comparisons
            // Each comparison becomes a one-comparison ShadowStats before the repartition, so the repartition
            // topic carries a few dozen bytes a record (no request id) in this topology's own internal format.
            .mapValues(ShadowStats::of, Named.as("shadow-stats-of-comparison"))
            .selectKey((k, s) -> s.groupKey(), Named.as("shadow-stats-key"))
            // Why a repartition: comparisons keep the request's key, so one model version pair's comparisons are
            // spread over every partition of inference-requests, and each task would only see its share of a window.
            // Re-keying by model/served/shadow brings a pair's comparisons to one task, which then counts the whole
            // window. Named, so that its internal topic keeps its name when the topology around it changes.
            .groupByKey(Grouped.with(REPARTITION, Serdes.String(), statsSerde))
            .windowedBy(TimeWindows.ofSizeAndGrace(window.size(), window.grace()))
            // In memory: it holds only the open windows (retention = size + grace) of a few model version pairs;
            // the changelog restores it.
            .reduce(ShadowStats::merge, Named.as("shadow-stats-window-reduce"),
                Materialized.<String, ShadowStats>as(Stores.inMemoryWindowStore(STORE, window.size().plus(window.grace()),
                        window.size(), false))
                    .withKeySerde(Serdes.String()).withValueSerde(statsSerde))
            // Suppress until the window closes rather than a punctuator that scans the store: Streams then emits
            // exactly one final result per window (none for an empty one), from a changelogged buffer that is
            // exactly-once with the rest of the task, with nothing of our own to track what was already published.
            // Unbounded buffer: it holds one small entry per model version pair and open window. As with any
            // event-time window, a window closes when newer comparisons move stream time past its end + grace.
            .suppress(Suppressed.<Windowed<String>>untilWindowCloses(
                Suppressed.BufferConfig.unbounded()).withName("shadow-stats-until-window-closes"))
            .toStream(Named.as("shadow-stats-closed-windows"))
            .flatMap((w, s) -> {
                List<KeyValue<String, DriftMetric>> out = new ArrayList<>(4);
                for (DriftMetric m : s.toMetrics(w.window().start(), w.window().end())) {
                    out.add(KeyValue.pair(w.key(), m));
                }
                return out;
            }, Named.as("shadow-drift-metrics"))
            .to(metrics.name(), metrics.produced("model-drift-metrics-sink"));
    }
}
