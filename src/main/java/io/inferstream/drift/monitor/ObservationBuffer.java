package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ServingRole;
import io.inferstream.avro.Tensor;
import io.inferstream.drift.label.JoinInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observing half of drift monitoring, shared by the processor that observes results as they are scored
 * ({@link ScoredResultObserver}, in the scoring topology) and the one that decodes them from inference-results
 * ({@link ResultObserver}): reads each result's monitored values (its version's {@link MonitorSpec}) into this task's
 * in-memory window partials, collects the predictions for the label join, and forwards both on a short wall-clock
 * punctuation, to drift-observations.
 *
 * <p><b>Why in memory, and what that can cost.</b> A sketch update costs about 40 ns, a sketch's (de)serialization
 * 5-7 µs: reading and writing a store entry per value would cost more than scoring. So each task sums up what it
 * sees in plain objects and forwards one partial per quantity and window, and one prediction batch per request-id
 * bucket, every {@code flushInterval} (wall clock). Kafka Streams' stream thread runs process, then punctuate, then
 * commit in each loop, so what was observed up to the last flush is committed with the input it came from. What was
 * observed after it goes with the next commit: under exactly_once_v2, if the instance crashes in between, those
 * observations (at most {@code flushInterval} of one task's results) are lost while their input counts as read;
 * the same when a rebalance takes the task away. Observations are never counted twice. For statistics over windows
 * of a minute or more that is noise (the default 250 ms of a 1-minute window is 0.4%, and only of the tasks that crashed
 * or moved); a lost prediction is a result that is never labelled, not a negative. A version without a reference profile is not monitored; when bootstrapping is on, its values go into a
 * bootstrap partial instead, forwarded the same way.
 */
final class ObservationBuffer {

    private static final Logger log = LoggerFactory.getLogger(ObservationBuffer.class);
    /** How long a version's cached reference is trusted before the global store is read again. */
    private static final long REFERENCE_RECHECK_MS = 1_000;

    /** A version's monitoring: its spec, or, while bootstrapping, its bootstrap partial. */
    private static final class Version {
        final MonitorSpec spec;
        final BootstrapPartial bootstrap;
        long bootstrapRows;

        Version(MonitorSpec spec, BootstrapPartial bootstrap) {
            this.spec = spec;
            this.bootstrap = bootstrap;
        }
    }

    private record WindowKey(Quantity quantity, long start) { }

    private final ResultObserver.ObserverSettings settings;
    private final DriftCounters counters;
    private final ProcessorContext<String, DriftOutput> context;
    private final KeyValueStore<String, DriftReferenceProfile> references;
    private final String sender;
    private final LongAdder observed;
    private final Map<String, Version> versions = new HashMap<>();
    private final Map<WindowKey, WindowPartial> partials = new HashMap<>();
    private final Map<String, BootstrapPartial> bootstraps = new HashMap<>();
    /** Predictions for the label join since the last flush, per bucket of their request ids (JoinInput.bucketIndex). */
    @SuppressWarnings("unchecked")
    private final List<JoinInput.Entry>[] predictions = new List[JoinInput.BUCKETS];
    /** The observer that adds a result's values to the partials of the window {@link #windowStart}. */
    private final MonitorSpec.Observer windowObserver = new MonitorSpec.Observer() {
        @Override
        public void numeric(Quantity q, double value) {
            partial(q).add(value);
        }

        @Override
        public void categorical(Quantity q, String value) {
            partial(q).add(value);
        }

        @Override
        public void skipped(String reason) {
            counters.count(reason);
        }
    };
    private long windowStart;
    /** The partials of window {@link #currentStart}, by quantity identity; emptied at each flush. */
    private final Map<Quantity, WindowPartial> current = new java.util.IdentityHashMap<>();
    private long currentStart = Long.MIN_VALUE;
    /** The last result's version, so that a run of results of one version does not build its key every time. */
    private String lastModel;
    private long lastVersion;
    private Version last;
    private long predictionsTime = Long.MIN_VALUE;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastRecheck;

    /**
     * Schedules the flush on {@code context}.
     *
     * @param sender how this task names itself to the partials' owners ({@link SenderProgress}): unique among all
     *               tasks that observe results
     */
    ObservationBuffer(ResultObserver.ObserverSettings settings, DriftCounters counters, ProcessorContext<String, DriftOutput> context,
                      String sender) {
        this.settings = settings;
        this.counters = counters;
        this.context = context;
        this.references = context.getStateStore(DriftStores.REFERENCES);
        this.sender = sender;
        this.observed = counters.adder(DriftCounters.OBSERVED);
        this.lastRecheck = context.currentSystemTimeMs();
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    /** Observes one scored result whose record has timestamp {@code recordTime}. */
    void observe(InferenceResult result, long recordTime) {
        if (result.getRole() == ServingRole.SHADOW && !settings.monitorShadow()) {
            counters.count(DriftCounters.ROLE_NOT_MONITORED);
            return;
        }
        long eventTime = result.getEventTime() == null || result.getEventTime().toEpochMilli() == 0
            ? recordTime : result.getEventTime().toEpochMilli();
        if (settings.labelOutput() != null) {
            predict(result, eventTime);
        }
        Version v = versionOf(result);
        if (v == null) {
            counters.count(DriftCounters.NO_REFERENCE);
            return;
        }
        observed.increment();
        if (v.bootstrap != null) {
            bootstrap(v, result);
            return;
        }
        long start = eventTime - Math.floorMod(eventTime, settings.window());
        if (start + settings.window() + settings.grace() <= maxEventTime) {
            counters.count(DriftCounters.LATE);
            return;
        }
        maxEventTime = Math.max(maxEventTime, eventTime);
        String segment = settings.segmentFeature() == null ? null : result.getCategorical().get(settings.segmentFeature());
        windowStart = start;
        v.spec.observe(result, segment, windowObserver);
    }

    /**
     * The partial of {@code q} in the window {@link #windowStart}: from {@link #current} (keyed by the quantity's identity:
     * a version's spec hands out the same Quantity objects for every result) while results stay in one window, so the
     * common case costs one identity lookup, no key object.
     */
    private WindowPartial partial(Quantity q) {
        if (q.segment() != null) {
            // a segment's Quantity is made afresh for each value: no identity to go by
            return partials.computeIfAbsent(new WindowKey(q, windowStart), k -> WindowPartial.empty(q, windowStart));
        }
        if (windowStart != currentStart) {
            current.clear();
            currentStart = windowStart;
        }
        WindowPartial p = current.get(q);
        if (p == null) {
            p = partials.computeIfAbsent(new WindowKey(q, windowStart), k -> WindowPartial.empty(q, windowStart));
            current.put(q, p);
        }
        return p;
    }

    /** Sends the result's positive-class probability to the label join, keyed by requestId (any version, reference or not). */
    private void predict(InferenceResult result, long time) {
        double score = score(result.getOutputs().get(settings.labelOutput()));
        if (!Double.isFinite(score) || result.getRequestId() == null || result.getRequestId().isEmpty()) {
            counters.count(DriftCounters.NO_SCORE);
            return;
        }
        int bucket = JoinInput.bucketIndex(result.getRequestId());
        if (predictions[bucket] == null) {
            predictions[bucket] = new ArrayList<>();
        }
        predictions[bucket].add(new JoinInput.Entry(result.getRequestId(), new JoinInput.Prediction(result.getModel(), result.getModelVersion(), score, time)));
        predictionsTime = Math.max(predictionsTime, time);
    }

    /** A probability output's value: its only element, or the second of two (the positive class of a two-class output); NaN otherwise. */
    static double score(Tensor t) {
        if (t == null) {
            return Double.NaN;
        }
        List<? extends Number> values = switch (t.getDtype()) {
            case FLOAT -> t.getFloatValues();
            case DOUBLE -> t.getDoubleValues();
            default -> List.of();
        };
        return values.size() == 1 ? values.get(0).doubleValue() : values.size() == 2 ? values.get(1).doubleValue() : Double.NaN;
    }

    private void bootstrap(Version v, InferenceResult result) {
        if (v.bootstrapRows >= settings.bootstrapRecords()) {
            return; // this task alone has sent enough; the owner publishes once all tasks' rows add up
        }
        BootstrapPartial b = bootstraps.computeIfAbsent(Quantity.versionKey(result.getModel(), result.getModelVersion()),
            k -> new BootstrapPartial(result.getModel(), result.getModelVersion(), v.spec.featureInputs()));
        int rows = v.spec.observe(result, null, new MonitorSpec.Observer() {
            @Override
            public void numeric(Quantity q, double value) {
                b.of(q).add(value);
            }

            @Override
            public void categorical(Quantity q, String value) {
                b.of(q).add(value);
            }

            @Override
            public void skipped(String reason) {
                counters.count(reason);
            }
        });
        b.addRows(rows);
        v.bootstrapRows += rows;
    }

    private Version versionOf(InferenceResult result) {
        if (last != null && result.getModelVersion() == lastVersion && result.getModel().equals(lastModel)) {
            return last;
        }
        Version v = lookUp(result);
        if (v != null) {
            last = v;
            lastModel = result.getModel();
            lastVersion = result.getModelVersion();
        }
        return v;
    }

    private Version lookUp(InferenceResult result) {
        String key = Quantity.versionKey(result.getModel(), result.getModelVersion());
        Version v = versions.get(key);
        if (v != null) {
            return v;
        }
        DriftReferenceProfile ref = references.get(key);
        if (ref != null) {
            v = new Version(MonitorSpec.of(ref), null);
        } else if (settings.bootstrapRecords() > 0) {
            MonitorSpec spec = MonitorSpec.inferFrom(result, counters);
            v = new Version(spec, new BootstrapPartial(result.getModel(), result.getModelVersion(), spec.featureInputs()));
            log.info("No reference profile for {}: bootstrapping one from its first {} scored records", key, settings.bootstrapRecords());
        } else {
            v = null;
        }
        if (v != null) {
            versions.put(key, v);
        }
        return v;
    }

    /**
     * Forwards every partial (one per quantity and window, one per bootstrapping version) and the predictions for the
     * label join (one batch per bucket), and starts afresh.
     */
    void flush(long now) {
        for (WindowPartial p : partials.values()) {
            // Timestamp: this task's stream time, but never past the window's close, so that the owner's stream
            // time (which closes windows) does not close the very window this partial belongs to.
            long close = p.windowStart() + settings.window() + settings.grace() - 1;
            context.forward(new Record<>(p.quantity().groupKey(), new DriftOutput.Partial(p), Math.min(maxEventTime, close),
                SenderProgress.headers(sender, maxEventTime)));
        }
        partials.clear();
        current.clear();
        for (Map.Entry<String, BootstrapPartial> e : bootstraps.entrySet()) {
            if (e.getValue().rows() > 0) {
                context.forward(new Record<>(e.getKey(), new DriftOutput.Bootstrap(e.getValue()), Math.max(0, maxEventTime)));
            }
        }
        bootstraps.clear();
        // One record per bucket rather than per result: the label join's input costs a record per flush.
        for (int b = 0; b < predictions.length; b++) {
            if (predictions[b] != null) {
                context.forward(new Record<>(JoinInput.bucketKey(b), new DriftOutput.Join(predictions[b]), predictionsTime));
                predictions[b] = null;
            }
        }
        if (now - lastRecheck >= REFERENCE_RECHECK_MS) {
            // A version still bootstrapping (or whose reference changed) is looked up again.
            versions.values().removeIf(v -> v.bootstrap != null);
            last = null;
            lastRecheck = now;
        }
    }
}
