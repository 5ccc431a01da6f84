package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ServingRole;
import io.inferstream.avro.Tensor;
import io.inferstream.drift.label.JoinInput;
import io.inferstream.inference.DeadLetters;
import io.inferstream.inference.RejectCode;
import io.inferstream.inference.SourcePosition;
import io.inferstream.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of drift monitoring, on the partitions of inference-results: reads each result's monitored values
 * (its version's {@link MonitorSpec}) into this task's in-memory window partials, and forwards them to the
 * quantities' owners on a short wall-clock punctuation.
 *
 * <p><b>Why in memory, and why that is safe.</b> A sketch update costs about 40 ns, a sketch's (de)serialization
 * 5-7 µs: reading and writing a store entry per value would cost more than scoring. So each task sums up what it
 * sees in plain objects and forwards one partial per quantity and window every {@code flushInterval}. Kafka
 * Streams' stream thread runs process, then punctuate, then commit in each loop; with a flush interval no longer
 * than a loop iteration, the partials of every processed record are forwarded before the commit that covers its
 * offset. Under exactly_once_v2 forwarded partials and input offsets commit together; a crash loses only the
 * in-memory partials of uncommitted input, which is then read again. What can be missed: records processed in the
 * last loop iteration before a rebalance's commit that skipped the punctuation (a few records per task per
 * rebalance, never counted twice). A version without a reference profile is not monitored; when bootstrapping is
 * on, its values go into a bootstrap partial instead, forwarded the same way.
 */
public final class ResultObserver implements Processor<byte[], byte[], String, DriftOutput> {

    private static final Logger log = LoggerFactory.getLogger(ResultObserver.class);
    static final String NAME = "drift-observe-results";
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

    private final ObserverSettings settings;
    private final Deserializer<InferenceResult> deserializer;
    private final DriftCounters counters;
    private final Clock clock;
    private final Map<String, Version> versions = new HashMap<>();
    private final Map<WindowKey, WindowPartial> partials = new HashMap<>();
    private final Map<String, BootstrapPartial> bootstraps = new HashMap<>();
    /** Predictions for the label join since the last flush, per bucket of their request ids. */
    private final Map<String, List<JoinInput.Entry>> predictions = new HashMap<>();
    private long predictionsTime = Long.MIN_VALUE;
    private ProcessorContext<String, DriftOutput> context;
    private KeyValueStore<String, DriftReferenceProfile> references;
    private long maxEventTime = Long.MIN_VALUE;
    private long lastRecheck;
    private String sender;
    private LongAdder observed;

    /**
     * @param window           window size (ms)
     * @param grace            window grace (ms)
     * @param segmentFeature   key of the categorical map that names segments, or null
     * @param monitorShadow    whether SHADOW results are monitored
     * @param bootstrapRecords rows that make a bootstrap profile; 0: none
     * @param flushInterval    how often partials are forwarded (wall clock)
     * @param labelOutput      the output whose value goes to the label join (performance drift), or null: no label join
     */
    public record ObserverSettings(long window, long grace, String segmentFeature, boolean monitorShadow, int bootstrapRecords,
                                   Duration flushInterval, String labelOutput) { }

    public ResultObserver(ObserverSettings settings, Deserializer<InferenceResult> deserializer, DriftCounters counters, Clock clock) {
        this.settings = settings;
        this.deserializer = deserializer;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
        this.references = context.getStateStore(DriftStores.REFERENCES);
        this.lastRecheck = context.currentSystemTimeMs();
        this.sender = context.taskId().toString();
        this.observed = counters.adder(DriftCounters.OBSERVED);
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InferenceResult result = decode(record);
        if (result == null) {
            return;
        }
        if (result.getRole() == ServingRole.SHADOW && !settings.monitorShadow()) {
            counters.count(DriftCounters.ROLE_NOT_MONITORED);
            return;
        }
        if (settings.labelOutput() != null) {
            predict(result, record.timestamp());
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
        long eventTime = result.getEventTime() == null || result.getEventTime().toEpochMilli() == 0
            ? record.timestamp() : result.getEventTime().toEpochMilli();
        long start = eventTime - Math.floorMod(eventTime, settings.window());
        if (start + settings.window() + settings.grace() <= maxEventTime) {
            counters.count(DriftCounters.LATE);
            return;
        }
        maxEventTime = Math.max(maxEventTime, eventTime);
        String segment = settings.segmentFeature() == null ? null : result.getCategorical().get(settings.segmentFeature());
        v.spec.observe(result, segment, new MonitorSpec.Observer() {
            @Override
            public void numeric(Quantity q, double value) {
                partials.computeIfAbsent(new WindowKey(q, start), k -> WindowPartial.empty(q, start)).add(value);
            }

            @Override
            public void categorical(Quantity q, String value) {
                partials.computeIfAbsent(new WindowKey(q, start), k -> WindowPartial.empty(q, start)).add(value);
            }

            @Override
            public void skipped(String reason) {
                counters.count(reason);
            }
        });
    }

    /** Sends the result's positive-class probability to the label join, keyed by requestId (any version, reference or not). */
    private void predict(InferenceResult result, long recordTime) {
        double score = score(result.getOutputs().get(settings.labelOutput()));
        if (!Double.isFinite(score) || result.getRequestId() == null || result.getRequestId().isEmpty()) {
            counters.count(DriftCounters.NO_SCORE);
            return;
        }
        long time = result.getEventTime() == null || result.getEventTime().toEpochMilli() == 0 ? recordTime : result.getEventTime().toEpochMilli();
        predictions.computeIfAbsent(JoinInput.bucket(result.getRequestId()), b -> new ArrayList<>())
            .add(new JoinInput.Entry(result.getRequestId(), new JoinInput.Prediction(result.getModel(), result.getModelVersion(), score, time)));
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
        for (Map.Entry<String, BootstrapPartial> e : bootstraps.entrySet()) {
            if (e.getValue().rows() > 0) {
                context.forward(new Record<>(e.getKey(), new DriftOutput.Bootstrap(e.getValue()), Math.max(0, maxEventTime)));
            }
        }
        bootstraps.clear();
        // One record per bucket rather than per result: the label join's repartition costs a record per flush.
        for (Map.Entry<String, List<JoinInput.Entry>> e : predictions.entrySet()) {
            context.forward(new Record<>(e.getKey(), new DriftOutput.Join(e.getValue()), predictionsTime));
        }
        predictions.clear();
        if (now - lastRecheck >= REFERENCE_RECHECK_MS) {
            // A version still bootstrapping (or whose reference changed) is looked up again.
            versions.values().removeIf(v -> v.bootstrap != null);
            lastRecheck = now;
        }
    }

    private InferenceResult decode(Record<byte[], byte[]> record) {
        byte[] value = record.value();
        String error;
        RejectCode code = RejectCode.UNDECODABLE_VALUE;
        if (value == null || value.length == 0) {
            error = "empty value (a tombstone is not an inference result)";
        } else {
            try {
                InferenceResult r = deserializer.deserialize(topic(), value);
                if (r != null) {
                    return r;
                }
                error = "value decodes to null";
            } catch (WireFormatException e) {
                code = RejectCode.valueOf(e.errorCode().name());
                error = e.getMessage();
            } catch (SerializationException | ClassCastException e) {
                error = e.getMessage();
            }
        }
        counters.count(DriftCounters.UNDECODABLE);
        RecordMetadata m = context.recordMetadata().orElse(null);
        SourcePosition source = m == null ? new SourcePosition("", -1, -1) : new SourcePosition(m.topic(), m.partition(), m.offset());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<>(key, new DriftOutput.Dead(DeadLetters.of(source, record.key(), value, code,
            "drift: " + error, NAME, clock.millis())), record.timestamp()));
        return null;
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("");
    }
}
