package io.inferstream.drift.monitor;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.LabelSettings;
import io.inferstream.drift.DriftSerdes;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.label.FeedbackDecoder;
import io.inferstream.drift.label.JoinInput;
import io.inferstream.drift.label.LabelJoiner;
import io.inferstream.drift.label.LabelledResult;
import io.inferstream.drift.label.PerformanceAggregator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * inference-results -> per-task window partials -> (repartition by quantity) -> merged windows judged against
 * each version's reference -> model-drift-metrics, model-drift-alerts; versions without a reference -> bootstrap
 * partials -> (repartition by version) -> drift-reference-profiles. The reference profiles are a global store
 * read from drift-reference-profiles. A pure factory: it starts nothing.
 */
public final class DriftTopology {

    private static final Logger log = LoggerFactory.getLogger(DriftTopology.class);

    /** Repartition topic {@code <application.id>-drift-window-partials-repartition}. */
    public static final String PARTIALS_REPARTITION = "drift-window-partials";
    /** Repartition topic {@code <application.id>-drift-bootstrap-partials-repartition}. */
    public static final String BOOTSTRAP_REPARTITION = "drift-bootstrap-partials";
    /** How often each task forwards its partials: short, so that it happens in every stream-thread loop. */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(5);

    /** Repartition topic {@code <application.id>-drift-label-join-repartition}: results and labels by requestId. */
    public static final String LABEL_JOIN_REPARTITION = "drift-label-join";
    /** Repartition topic {@code <application.id>-drift-labelled-results-repartition}: labelled results by model/version. */
    public static final String LABELLED_REPARTITION = "drift-labelled-results";

    /**
     * What the topology needs from the running application; the label sources' deserializers may be null (that source
     * is then not read).
     */
    public record Collaborators(Supplier<Deserializer<InferenceResult>> resultDeserializer, DriftCounters counters, Clock clock,
                                Supplier<Deserializer<UserEvent>> userEventDeserializer, Supplier<Deserializer<Label>> labelDeserializer) {

        /** Without label sources. */
        public Collaborators(Supplier<Deserializer<InferenceResult>> resultDeserializer, DriftCounters counters, Clock clock) {
            this(resultDeserializer, counters, clock, null, null);
        }
    }

    private DriftTopology() {
    }

    public static Topology build(DriftSettings settings, DriftTopics topics, Collaborators collaborators) {
        StreamsBuilder builder = new StreamsBuilder();
        long window = settings.window().toMillis();
        long grace = settings.windowGrace().toMillis();
        DriftCounters counters = collaborators.counters();
        Clock clock = collaborators.clock();

        // Every task needs (processors reach a global store without naming it) every version's reference (its results carry any version): a global store, in memory
        // (a few KB per version), rebuilt from the compacted topic on start, hence no changelog of its own.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.REFERENCES),
                    Serdes.String(), topics.references().valueSerde()).withLoggingDisabled(),
            topics.references().name(), topics.references().consumed("drift-reference-profiles"), ReferenceStoreUpdater::new);
        // In memory with a changelog: open windows (one merged sketch, ~2-5 KB, per quantity and open window),
        // alert states (a few bytes per quantity) and bootstrap profiles being built. Caching on: a window's entry
        // is rewritten by every partial; only its last state per commit interval reaches the changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.WINDOWS),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.ALERTS),
            Serdes.String(), DriftSerdes.alertState()).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.BOOTSTRAP),
            Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of()));

        LabelSettings labels = settings.labels();
        boolean fromUserEvents = labels.userEvents() && topics.userEvents() != null && collaborators.userEventDeserializer() != null;
        boolean fromLabels = labels.labelsTopic() && topics.labels() != null && collaborators.labelDeserializer() != null;
        boolean labelJoin = fromUserEvents || fromLabels;
        ResultObserver.ObserverSettings observe = new ResultObserver.ObserverSettings(window, grace, settings.segmentFeature(),
            settings.monitorShadow(), settings.bootstrapRecords(), FLUSH_INTERVAL, labelJoin ? labels.output() : null);
        WindowEvaluator evaluator = new WindowEvaluator(DriftRule.defaults().withMinSamples(settings.minSamples()),
            new Hysteresis(settings.raiseAfter(), settings.clearAfter()));

        // No repartition of the results: each task reads its own partitions and sums them up in memory.
        KStream<String, DriftOutput> observed = builder
            .stream(topics.results().name(), topics.results().consumed("inference-results-source"))
            .process(() -> new ResultObserver(observe, collaborators.resultDeserializer().get(), counters, clock),
                Named.as(ResultObserver.NAME));

        observed.split(Named.as("drift-observed-"))
            .branch((k, v) -> v instanceof DriftOutput.Partial, Branched.withConsumer(s -> {
                KStream<String, DriftOutput> judged = s
                    .mapValues(v -> ((DriftOutput.Partial) v).partial(), Named.as("drift-window-partial"))
                    // Why a repartition: results keep their request's key, so one quantity's values are spread
                    // over every partition of inference-results and each task holds only its share of a window.
                    // Each task forwards one partial per quantity and window per flush, keyed by the quantity
                    // (<model>/<version>/<feature>[/<segment>]); the repartition brings all of a quantity's
                    // partials to one task, which merges them (NumericDistribution.merge) into the whole window.
                    .repartition(Repartitioned.with(Serdes.String(), partialSerde()).withName(PARTIALS_REPARTITION))
                    .process(() -> new WindowAggregator(window, grace, evaluator, counters, clock), Named.as(WindowAggregator.NAME),
                        DriftStores.WINDOWS, DriftStores.ALERTS);
                judged.split(Named.as("drift-judged-"))
                    .branch((k, v) -> v instanceof DriftOutput.Metric, Branched.withConsumer(m -> m
                        .mapValues(v -> ((DriftOutput.Metric) v).metric(), Named.as("drift-metric"))
                        .to(topics.metrics().name(), topics.metrics().produced("model-drift-metrics-sink")), "metric"))
                    .branch((k, v) -> v instanceof DriftOutput.Alert, Branched.withConsumer(a -> a
                        .mapValues(v -> ((DriftOutput.Alert) v).alert(), Named.as("drift-alert"))
                        .to(topics.alerts().name(), topics.alerts().produced("model-drift-alerts-sink")), "alert"));
            }, "partial"))
            .branch((k, v) -> v instanceof DriftOutput.Bootstrap, Branched.withConsumer(s -> s
                .mapValues(v -> ((DriftOutput.Bootstrap) v).partial(), Named.as("drift-bootstrap-partial"))
                // Why a repartition: a bootstrap profile needs a version's first N rows from every partition.
                .repartition(Repartitioned.with(Serdes.String(), bootstrapSerde()).withName(BOOTSTRAP_REPARTITION))
                .process(() -> new BootstrapBuilder(settings.bootstrapRecords(), clock), Named.as(BootstrapBuilder.NAME),
                    DriftStores.BOOTSTRAP)
                .mapValues(v -> ((DriftOutput.Profile) v).profile(), Named.as("drift-bootstrap-profile"))
                .to(topics.references().name(), topics.references().produced("drift-reference-profiles-sink")), "bootstrap"))
            .branch((k, v) -> v instanceof DriftOutput.Dead, Branched.withConsumer(s -> s
                .mapValues(v -> {
                    DeadLetter letter = ((DriftOutput.Dead) v).deadLetter();
                    counters.deadLettered(letter.getErrorCode());
                    return letter;
                }, Named.as("drift-dead-letter"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("drift-dead-letters-sink")), "dead"));
        if (labelJoin) {
            joinLabels(builder, settings, topics, collaborators, observed.filter((k, v) -> v instanceof DriftOutput.Join,
                Named.as("drift-observed-predictions")), fromUserEvents, fromLabels);
        }
        watchPerformance(builder, topics, new Hysteresis(settings.raiseAfter(), settings.clearAfter()), labels.minSamples());
        return builder.build();
    }

    /**
     * Performance drift: predictions (from the results) and labels (clicks and purchases on user-events, Label records on
     * labels) -> (repartition by requestId) -> label join -> (repartition by model/version) -> performance windows and
     * sequential detectors -> model-drift-metrics, model-drift-alerts. The metrics come back through model-drift-metrics
     * to {@link PerformanceWatch}, which alerts on them as on the recommender's recall.
     */
    private static void joinLabels(StreamsBuilder builder, DriftSettings settings, DriftTopics topics, Collaborators collaborators,
                                   KStream<String, DriftOutput> predictions, boolean fromUserEvents, boolean fromLabels) {
        LabelSettings labels = settings.labels();
        DriftCounters counters = collaborators.counters();
        // Label join: in memory with a changelog, caching off. The join works on its own heap state (LabelJoiner); the
        // stores are its durable copy, one entry per input batch and side, written once and deleted once, minutes apart
        // (a label window), plus a small marker per result joined before its batch is done. A cache would only add a
        // copy of each entry and a TreeMap to keep, with nothing to absorb: no entry is rewritten within a commit.
        for (String store : new String[] {DriftStores.LABEL_PENDING, DriftStores.LABEL_JOINED}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled().withLoggingEnabled(Map.of()));
        }
        // Performance windows: in memory with a changelog, caching on: the per-record rewrites of a window or a detector
        // within a commit interval never reach the changelog.
        for (String store : new String[] {DriftStores.PERFORMANCE_WINDOWS, DriftStores.PERFORMANCE_DETECTORS}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled().withLoggingEnabled(Map.of()));
        }
        for (String store : new String[] {DriftStores.PERFORMANCE_BINS, DriftStores.PERFORMANCE_DETECTOR_ALERTS}) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.Long())
                .withCachingEnabled().withLoggingEnabled(Map.of()));
        }
        KStream<String, DriftOutput> inputs = predictions;
        if (fromUserEvents) {
            inputs = inputs.merge(builder.stream(topics.userEvents().name(), topics.userEvents().consumed("drift-user-events-source"))
                .process(() -> FeedbackDecoder.userEvents(collaborators.userEventDeserializer().get(), counters, collaborators.clock()),
                    Named.as("drift-user-event-labels")), Named.as("drift-merge-user-event-labels"));
        }
        if (fromLabels) {
            KStream<String, DriftOutput> decoded = builder.stream(topics.labels().name(), topics.labels().consumed("drift-labels-source"))
                .process(() -> FeedbackDecoder.labels(collaborators.labelDeserializer().get(), counters, collaborators.clock()),
                    Named.as("drift-label-records"));
            decoded.filter((k, v) -> v instanceof DriftOutput.Dead, Named.as("drift-label-rejected"))
                .mapValues(v -> ((DriftOutput.Dead) v).deadLetter(), Named.as("drift-label-dead-letter"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("drift-label-dead-letters-sink"));
            inputs = inputs.merge(decoded, Named.as("drift-merge-label-records"));
        }
        // Clock and window settings in milliseconds.
        long labelWindow = labels.window().toMillis();
        PerformanceAggregator.Settings windows = new PerformanceAggregator.Settings(settings.window().toMillis(),
            settings.windowGrace().toMillis(), labelWindow, labels.output(), labels.adwin(), labels.pageHinkley(), settings.clearAfter());
        KStream<String, DriftOutput> judged = inputs
            .filter((k, v) -> v instanceof DriftOutput.Join, Named.as("drift-label-join-inputs"))
            .mapValues(v -> ((DriftOutput.Join) v).entries(), Named.as("drift-label-join-input"))
            // Why a repartition: a result is keyed by the request's key (often the user) on inference-results, a click
            // by its user on user-events and a label by whatever its producer chose, in topics that may have different
            // partition counts. Re-keyed by the bucket of their requestId (JoinInput.bucket; batches of a task's
            // results per bucket, so not one record per result), both sides go through this one repartition topic,
            // so a result and its label always meet on the same task. One topic rather than one per side: two
            // repartition topics would only be co-partitioned if Streams gave both the same partition count.
            .repartition(Repartitioned.with(Serdes.String(), joinSerde()).withName(LABEL_JOIN_REPARTITION))
            .process(() -> new LabelJoiner(labelWindow, labels.userEvents(), counters), Named.as(LabelJoiner.NAME),
                DriftStores.LABEL_PENDING, DriftStores.LABEL_JOINED)
            // Why a repartition: labelled results are spread over the request-id buckets' tasks; a version's windows
            // and its sequential detectors need all of its labelled results on one task (in batches per version).
            .repartition(Repartitioned.with(Serdes.String(), labelledSerde()).withName(LABELLED_REPARTITION))
            .process(() -> new PerformanceAggregator(windows, counters), Named.as(PerformanceAggregator.NAME),
                DriftStores.PERFORMANCE_WINDOWS, DriftStores.PERFORMANCE_BINS, DriftStores.PERFORMANCE_DETECTORS,
                DriftStores.PERFORMANCE_DETECTOR_ALERTS);
        judged.filter((k, v) -> v instanceof DriftOutput.Metric, Named.as("drift-performance-metric-out"))
            .mapValues(v -> ((DriftOutput.Metric) v).metric(), Named.as("drift-performance-metric"))
            .to(topics.metrics().name(), topics.metrics().produced("drift-performance-metrics-sink"));
        judged.filter((k, v) -> v instanceof DriftOutput.Alert, Named.as("drift-performance-alert-out"))
            .mapValues(v -> ((DriftOutput.Alert) v).alert(), Named.as("drift-detector-alert"))
            .to(topics.alerts().name(), topics.alerts().produced("drift-detector-alerts-sink"));
    }

    /**
     * Alerts on the performance metrics other topologies publish to model-drift-metrics (the recommender's recall).
     * Read as bytes: anyone may produce to that topic, and a record that does not decode is skipped (logged), not a
     * reason to stop monitoring. The topic has one partition by default, and a watched metric is one record per
     * window, so one task carries it all.
     */
    private static void watchPerformance(StreamsBuilder builder, DriftTopics topics, Hysteresis hysteresis, long labelMinSamples) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.PERFORMANCE_BASELINES),
            Serdes.String(), baselineSerde()).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.PERFORMANCE_ALERTS),
            Serdes.String(), DriftSerdes.alertState()).withLoggingEnabled(Map.of()));
        Deserializer<DriftMetric> metrics = topics.metrics().valueSerde().deserializer();
        builder.stream(topics.metrics().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-drift-metrics-source"))
            .flatMapValues(bytes -> decodeMetric(metrics, topics.metrics().name(), bytes), Named.as("drift-performance-decode"))
            .filter((k, m) -> PerformanceWatch.watched(m), Named.as("drift-performance-metrics"))
            .process(() -> new PerformanceWatch(hysteresis, labelMinSamples), Named.as(PerformanceWatch.NAME),
                DriftStores.PERFORMANCE_BASELINES, DriftStores.PERFORMANCE_ALERTS)
            .to(topics.alerts().name(), topics.alerts().produced("drift-performance-alerts-sink"));
    }

    private static List<DriftMetric> decodeMetric(Deserializer<DriftMetric> metrics, String topic, byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        try {
            return List.of(metrics.deserialize(topic, bytes));
        } catch (RuntimeException e) {
            log.warn("Skipping a record on {} that is not a DriftMetric: {}", topic, e.getMessage());
            return List.of();
        }
    }

    /** {baseline, windows seen} as two big-endian doubles. */
    static Serde<double[]> baselineSerde() {
        return Serdes.serdeFrom((t, v) -> v == null ? null : java.nio.ByteBuffer.allocate(16).putDouble(v[0]).putDouble(v[1]).array(),
            (t, b) -> {
                if (b == null) {
                    return null;
                }
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
                return new double[] {buf.getDouble(), buf.getDouble()};
            });
    }

    static Serde<List<JoinInput.Entry>> joinSerde() {
        return Serdes.serdeFrom((t, v) -> v == null ? null : JoinInput.batchToBytes(v),
            (t, b) -> b == null ? null : parse(() -> JoinInput.batchFromBytes(b)));
    }

    static Serde<List<LabelledResult>> labelledSerde() {
        return Serdes.serdeFrom((t, v) -> v == null ? null : LabelledResult.batchToBytes(v),
            (t, b) -> b == null ? null : parse(() -> LabelledResult.batchFromBytes(b)));
    }

    static Serde<WindowPartial> partialSerde() {
        return Serdes.serdeFrom((t, p) -> p == null ? null : p.toBytes(), (t, b) -> b == null ? null : parse(() -> WindowPartial.fromBytes(b)));
    }

    static Serde<BootstrapPartial> bootstrapSerde() {
        return Serdes.serdeFrom((t, p) -> p == null ? null : p.toBytes(), (t, b) -> b == null ? null : parse(() -> BootstrapPartial.fromBytes(b)));
    }

    private static <T> T parse(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
