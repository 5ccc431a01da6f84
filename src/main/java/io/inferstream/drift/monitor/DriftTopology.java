package io.inferstream.drift.monitor;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.LabelSettings;
import io.inferstream.config.PerformanceThresholds;
import io.inferstream.drift.DriftSerdes;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.label.FeedbackDecoder;
import io.inferstream.drift.label.LabelJoiner;
import io.inferstream.drift.label.LabelledResult;
import io.inferstream.drift.label.PerformanceAggregator;
import io.inferstream.serde.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift monitoring, in two steps joined by drift-observations. <b>Observe:</b> each scored result's monitored values
 * are sketched into per-task window partials and its prediction is batched for the label join; this runs in the
 * scoring topology ({@code drift.observe=scoring}, {@link #observeScored}) or here on inference-results
 * ({@code results}). <b>Judge:</b> drift-observations -> merged windows judged against each version's reference ->
 * model-drift-metrics, model-drift-alerts; bootstrap partials -> drift-reference-profiles; predictions joined with
 * labels (user-events clicks, labels) -> performance windows and detectors -> model-drift-metrics, model-drift-alerts.
 * The reference profiles are a global store read from drift-reference-profiles. A pure factory: it starts nothing.
 */
public final class DriftTopology {

    private static final Logger log = LoggerFactory.getLogger(DriftTopology.class);

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

    /**
     * Kafka Streams settings the drift topology runs with unless configured otherwise. Nothing in it is latency-critical
     * (a window closes after a minute, a label waits minutes), so it trades latency for fewer requests on the brokers it
     * shares with scoring: a transaction per second rather than every 100 ms under exactly_once_v2 (each one writes
     * markers to every partition it touched), and fetches that wait for 64 KB or 200 ms rather than returning each
     * few records.
     */
    public static Map<String, Object> streamsDefaults() {
        return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000,
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024,
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 200);
    }

    public static Topology build(DriftSettings settings, DriftTopics topics, Collaborators collaborators) {
        StreamsBuilder builder = new StreamsBuilder();
        long window = settings.window().toMillis();
        long grace = settings.windowGrace().toMillis();
        DriftCounters counters = collaborators.counters();
        Clock clock = collaborators.clock();

        addReferences(builder, topics.references());
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

        if (settings.observe() == DriftSettings.Observe.RESULTS) {
            ResultObserver.ObserverSettings observe = observerSettings(settings, labelJoin);
            KStream<String, DriftOutput> observed = builder
                .stream(topics.results().name(), topics.results().consumed("inference-results-source"))
                .process(() -> new ResultObserver(observe, collaborators.resultDeserializer().get(), counters, clock),
                    Named.as(ResultObserver.NAME));
            deadLetters(observed, topics, counters, "drift-observed-");
            toObservations(observed.filter((k, v) -> !(v instanceof DriftOutput.Dead), Named.as("drift-observed")), topics.observations(),
                "drift-observations-sink");
        }
        if (fromUserEvents) {
            toObservations(builder.stream(topics.userEvents().name(), topics.userEvents().consumed("drift-user-events-source"))
                .process(() -> FeedbackDecoder.userEvents(collaborators.userEventDeserializer().get(), counters, clock),
                    Named.as("drift-user-event-labels")), topics.observations(), "drift-user-event-labels-sink");
        }
        if (fromLabels) {
            KStream<String, DriftOutput> decoded = builder.stream(topics.labels().name(), topics.labels().consumed("drift-labels-source"))
                .process(() -> FeedbackDecoder.labels(collaborators.labelDeserializer().get(), counters, clock),
                    Named.as("drift-label-records"));
            deadLetters(decoded, topics, counters, "drift-label-");
            toObservations(decoded.filter((k, v) -> !(v instanceof DriftOutput.Dead), Named.as("drift-label-accepted")),
                topics.observations(), "drift-label-records-sink");
        }

        // Why one topic for partials, bootstrap partials and label-join batches, read back here: each is keyed by
        // where it must be merged (a partial by its quantity <model>/<version>/<feature>[/<segment>], a bootstrap
        // partial by its version, a prediction or label batch by its request-id bucket), so all of a quantity's
        // partials, and a request's prediction and label, meet on one task, whichever task or application observed
        // them. The observing tasks forward one record per quantity and per bucket per flush, not one per result.
        KStream<String, DriftOutput> observations = builder
            .stream(topics.observations().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("drift-observations-source"))
            .process(() -> new ObservationDecoder(counters, clock), Named.as(ObservationDecoder.NAME));
        deadLetters(observations, topics, counters, "drift-observation-");

        WindowEvaluator evaluator = new WindowEvaluator(DriftRule.of(settings.thresholds(), settings.minSamples()),
            new Hysteresis(settings.raiseAfter(), settings.clearAfter()));
        KStream<String, DriftOutput> judged = observations
            .filter((k, v) -> v instanceof DriftOutput.Partial, Named.as("drift-window-partials"))
            .mapValues(v -> ((DriftOutput.Partial) v).partial(), Named.as("drift-window-partial"))
            .process(() -> new WindowAggregator(window, grace, evaluator, counters, clock), Named.as(WindowAggregator.NAME),
                DriftStores.WINDOWS, DriftStores.ALERTS);
        toMetricsAndAlerts(judged, topics, "drift-");

        observations
            .filter((k, v) -> v instanceof DriftOutput.Bootstrap, Named.as("drift-bootstrap-partials"))
            .mapValues(v -> ((DriftOutput.Bootstrap) v).partial(), Named.as("drift-bootstrap-partial"))
            .process(() -> new BootstrapBuilder(settings.bootstrapRecords(), clock), Named.as(BootstrapBuilder.NAME), DriftStores.BOOTSTRAP)
            .mapValues(v -> ((DriftOutput.Profile) v).profile(), Named.as("drift-bootstrap-profile"))
            .to(topics.references().name(), topics.references().produced("drift-reference-profiles-sink"));

        if (labelJoin) {
            joinLabels(builder, settings, counters, observations.filter((k, v) -> v instanceof DriftOutput.Join,
                Named.as("drift-label-join-inputs")), topics);
        }
        watchPerformance(builder, topics, new Hysteresis(settings.raiseAfter(), settings.clearAfter()), labels.minSamples(),
            settings.thresholds().performance());
        return builder.build();
    }

    /**
     * The observing step inside the scoring topology ({@code drift.observe=scoring}): {@code results} (the scored results,
     * as objects) -> window partials, bootstrap partials and prediction batches -> drift-observations, in the scoring
     * task's transaction. Adds the reference profiles' global store to {@code builder}.
     */
    public static void observeScored(StreamsBuilder builder, KStream<byte[], InferenceResult> results, DriftSettings settings,
                                     Topic<String, DriftReferenceProfile> references, Topic<String, byte[]> observations,
                                     DriftCounters counters) {
        addReferences(builder, references);
        ResultObserver.ObserverSettings observe = observerSettings(settings, settings.labels().enabled());
        toObservations(results.process(() -> new ScoredResultObserver(observe, counters), Named.as(ScoredResultObserver.NAME)),
            observations, "drift-observations-sink");
    }

    private static ResultObserver.ObserverSettings observerSettings(DriftSettings settings, boolean labelJoin) {
        return new ResultObserver.ObserverSettings(settings.window().toMillis(), settings.windowGrace().toMillis(), settings.segmentFeature(),
            settings.monitorShadow(), settings.bootstrapRecords(), settings.observeFlush(), labelJoin ? settings.labels().output() : null);
    }

    /**
     * Every task that observes results needs (processors reach a global store without naming it) every version's
     * reference (its results carry any version): a global store, in memory (a few KB per version), rebuilt from the
     * compacted topic on start, hence no changelog of its own.
     */
    private static void addReferences(StreamsBuilder builder, Topic<String, DriftReferenceProfile> references) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.REFERENCES),
                Serdes.String(), references.valueSerde()).withLoggingDisabled(),
            references.name(), references.consumed("drift-reference-profiles"), ReferenceStoreUpdater::new);
    }

    private static void toObservations(KStream<String, DriftOutput> outputs, Topic<String, byte[]> observations, String sinkName) {
        outputs.mapValues(Observations::toBytes, Named.as(sinkName + "-encode"))
            .to(observations.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(sinkName));
    }

    private static void deadLetters(KStream<String, DriftOutput> outputs, DriftTopics topics, DriftCounters counters, String prefix) {
        outputs.filter((k, v) -> v instanceof DriftOutput.Dead, Named.as(prefix + "dead"))
            .mapValues(v -> {
                DeadLetter letter = ((DriftOutput.Dead) v).deadLetter();
                counters.deadLettered(letter.getErrorCode());
                return letter;
            }, Named.as(prefix + "dead-letter"))
            .to(topics.deadLetters().name(), topics.deadLetters().produced(prefix + "dead-letters-sink"));
    }

    private static void toMetricsAndAlerts(KStream<String, DriftOutput> judged, DriftTopics topics, String prefix) {
        judged.filter((k, v) -> v instanceof DriftOutput.Metric, Named.as(prefix + "metric-out"))
            .mapValues(v -> ((DriftOutput.Metric) v).metric(), Named.as(prefix + "metric"))
            .to(topics.metrics().name(), topics.metrics().produced(prefix + "metrics-sink"));
        judged.filter((k, v) -> v instanceof DriftOutput.Alert, Named.as(prefix + "alert-out"))
            .mapValues(v -> ((DriftOutput.Alert) v).alert(), Named.as(prefix + "alert"))
            .to(topics.alerts().name(), topics.alerts().produced(prefix + "alerts-sink"));
    }

    /**
     * Performance drift: predictions and labels (clicks and purchases on user-events, Label records on labels), in
     * batches per request-id bucket from drift-observations -> label join -> (repartition by model/version) ->
     * performance windows and sequential detectors -> model-drift-metrics, model-drift-alerts. The metrics come back
     * through model-drift-metrics to {@link PerformanceWatch}, which alerts on them as on the recommender's recall.
     */
    private static void joinLabels(StreamsBuilder builder, DriftSettings settings, DriftCounters counters, KStream<String, DriftOutput> inputs,
                                   DriftTopics topics) {
        LabelSettings labels = settings.labels();
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
        // Clock and window settings in milliseconds.
        long labelWindow = labels.window().toMillis();
        PerformanceAggregator.Settings windows = new PerformanceAggregator.Settings(settings.window().toMillis(),
            settings.windowGrace().toMillis(), labelWindow, labels.output(), labels.adwin(), labels.pageHinkley(), settings.clearAfter());
        KStream<String, DriftOutput> judged = inputs
            .mapValues(v -> ((DriftOutput.Join) v).entries(), Named.as("drift-label-join-input"))
            // No repartition before the join: drift-observations is keyed by the request-id bucket (JoinInput.bucket)
            // on both sides, so a result and its label are already on the same task, whatever the keys and
            // partition counts of inference-results, user-events and labels.
            .process(() -> new LabelJoiner(labelWindow, labels.userEvents(), counters), Named.as(LabelJoiner.NAME),
                DriftStores.LABEL_PENDING, DriftStores.LABEL_JOINED)
            // Why a repartition: labelled results are spread over the request-id buckets' tasks; a version's windows
            // and its sequential detectors need all of its labelled results on one task (in batches per version).
            .repartition(Repartitioned.with(Serdes.String(), labelledSerde()).withName(LABELLED_REPARTITION))
            .process(() -> new PerformanceAggregator(windows, counters), Named.as(PerformanceAggregator.NAME),
                DriftStores.PERFORMANCE_WINDOWS, DriftStores.PERFORMANCE_BINS, DriftStores.PERFORMANCE_DETECTORS,
                DriftStores.PERFORMANCE_DETECTOR_ALERTS);
        toMetricsAndAlerts(judged, topics, "drift-labelled-");
    }

    /**
     * Alerts on the performance metrics other topologies publish to model-drift-metrics (the recommender's recall).
     * Read as bytes: anyone may produce to that topic, and a record that does not decode is skipped (logged), not a
     * reason to stop monitoring. The topic has one partition by default, and a watched metric is one record per
     * window, so one task carries it all.
     */
    private static void watchPerformance(StreamsBuilder builder, DriftTopics topics, Hysteresis hysteresis, long labelMinSamples,
                                         PerformanceThresholds thresholds) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.PERFORMANCE_BASELINES),
            Serdes.String(), baselineSerde()).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DriftStores.PERFORMANCE_ALERTS),
            Serdes.String(), DriftSerdes.alertState()).withLoggingEnabled(Map.of()));
        Deserializer<DriftMetric> metrics = topics.metrics().valueSerde().deserializer();
        builder.stream(topics.metrics().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("model-drift-metrics-source"))
            .flatMapValues(bytes -> decodeMetric(metrics, topics.metrics().name(), bytes), Named.as("drift-performance-decode"))
            .filter((k, m) -> PerformanceWatch.watched(m), Named.as("drift-performance-metrics"))
            .process(() -> new PerformanceWatch(hysteresis, labelMinSamples, thresholds), Named.as(PerformanceWatch.NAME),
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

    static Serde<List<LabelledResult>> labelledSerde() {
        return Serdes.serdeFrom((t, v) -> v == null ? null : LabelledResult.batchToBytes(v),
            (t, b) -> b == null ? null : parse(() -> LabelledResult.batchFromBytes(b)));
    }

    private static <T> T parse(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
