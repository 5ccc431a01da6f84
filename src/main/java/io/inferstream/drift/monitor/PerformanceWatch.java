package io.inferstream.drift.monitor;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.detect.Severity;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Alerts on performance metrics published by other topologies, such as the recommender's prequential recall@N
 * (DriftMetric, kind PERFORMANCE, metric {@code recall_at_<N>}): a window is WARNING when its value is more than
 * {@link #WARNING_DROP} below the metric's baseline and CRITICAL when more than {@link #CRITICAL_DROP} below, and
 * the same {@link Hysteresis} as the distribution alerts turns windows into FIRING/RESOLVED alerts.
 *
 * <p>The baseline is an exponential moving average (weight {@link #BASELINE_WEIGHT}) of the windows that were not
 * below it, started from the first {@link #WARMUP_WINDOWS} windows (no verdict before): a drop does not drag its own
 * baseline down, and a slow improvement raises it. The drops are fixed shares for now (not configuration keys).
 */
final class PerformanceWatch implements Processor<String, DriftMetric, String, DriftAlert> {

    static final String NAME = "drift-performance-watch";
    static final double WARNING_DROP = 0.2;
    static final double CRITICAL_DROP = 0.4;
    static final double BASELINE_WEIGHT = 0.1;
    static final int WARMUP_WINDOWS = 3;

    private final Hysteresis hysteresis;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, double[]> baselines;
    private KeyValueStore<String, AlertState> alerts;

    PerformanceWatch(Hysteresis hysteresis) {
        this.hysteresis = hysteresis;
    }

    /** Whether a metric is one this processor watches: a performance measure where higher is better. */
    static boolean watched(DriftMetric m) {
        return m != null && m.getKind() == DriftKind.PERFORMANCE && m.getMetric().startsWith("recall_at_")
            && Double.isFinite(m.getValue());
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.baselines = context.getStateStore(DriftStores.PERFORMANCE_BASELINES);
        this.alerts = context.getStateStore(DriftStores.PERFORMANCE_ALERTS);
    }

    @Override
    public void process(Record<String, DriftMetric> record) {
        DriftMetric m = record.value();
        if (!watched(m)) {
            return;
        }
        String id = m.getModel() + "/" + m.getModelVersion() + "/" + m.getFeature() + "/" + m.getMetric();
        double[] b = baselines.get(id); // {baseline, windows seen}
        double value = m.getValue();
        if (b == null || b[1] < WARMUP_WINDOWS) {
            double seen = b == null ? 0 : b[1];
            double mean = b == null ? value : (b[0] * seen + value) / (seen + 1);
            baselines.put(id, new double[] {mean, seen + 1});
            return;
        }
        double baseline = b[0];
        Severity severity = value < baseline * (1 - CRITICAL_DROP) ? Severity.CRITICAL
            : value < baseline * (1 - WARNING_DROP) ? Severity.WARNING : Severity.NONE;
        if (severity == Severity.NONE) {
            baselines.put(id, new double[] {(1 - BASELINE_WEIGHT) * baseline + BASELINE_WEIGHT * value, b[1] + 1});
        }
        AlertState state = alerts.get(id);
        Hysteresis.Step step = hysteresis.step(state == null ? AlertState.QUIET : state, severity);
        alerts.put(id, step.state());
        if (step.event() == Hysteresis.Event.NONE) {
            return;
        }
        boolean firing = step.event() != Hysteresis.Event.CLEARED;
        Severity shown = firing ? step.state().severity() : Severity.NONE;
        double threshold = baseline * (1 - (shown == Severity.CRITICAL ? CRITICAL_DROP : WARNING_DROP));
        String message = String.format(Locale.ROOT, "performance drift of %s v%d %s %s: %.4f vs baseline %.4f (threshold %.4f), %d evaluated",
            m.getModel(), m.getModelVersion(), m.getMetric(), firing ? step.event().name().toLowerCase(Locale.ROOT) : "resolved",
            value, baseline, threshold, m.getCurrentCount());
        DriftAlert alert = DriftAlert.newBuilder().setAlertId(id).setModel(m.getModel()).setModelVersion(m.getModelVersion())
            .setFeature(m.getFeature()).setSegment(m.getSegment()).setMetric(m.getMetric())
            .setSeverity(switch (shown) {
                case NONE -> io.inferstream.avro.Severity.INFO;
                case WARNING -> io.inferstream.avro.Severity.WARNING;
                case CRITICAL -> io.inferstream.avro.Severity.CRITICAL;
            })
            .setStatus(firing ? AlertStatus.FIRING : AlertStatus.RESOLVED).setValue(value).setThreshold(threshold)
            .setWindowStart(m.getWindowStart()).setWindowEnd(m.getWindowEnd()).setMessage(message)
            .setFiredAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(id, alert, record.timestamp()));
    }
}
