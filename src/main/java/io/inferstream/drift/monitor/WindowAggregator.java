package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.drift.detect.AlertState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second step of drift monitoring, on the task that owns a quantity (the partials are repartitioned by its group
 * key): merges the tasks' partials of each window in a changelogged store, and when a window closes (every sending
 * task has passed its end + grace, see {@link SenderProgress}) judges it against the version's reference ({@link WindowEvaluator}),
 * forwarding its metrics and, on a state change, an alert. The alert states live in a changelogged store too.
 *
 * <p>Time is event time: each partial carries its sender's latest event time. So a window closes once results of a
 * later time have been seen on every partition with traffic (checked on each partial and every second of wall
 * clock, so a sender going quiet releases its windows after {@link #SENDER_IDLE_MS}); when all traffic stops, time
 * moves on with the wall clock from the newest sender's last event time (once every sender has been quiet for
 * {@link #SENDER_IDLE_MS}), so the last windows close too instead of waiting for traffic to resume. A partial that
 * arrives for a window already closed is dropped and counted ({@link DriftCounters#LATE_PARTIAL}). The senders'
 * progress is kept in memory: right after a restart, windows close on the progress of the senders heard from so
 * far.
 */
public final class WindowAggregator implements Processor<String, WindowPartial, String, DriftOutput> {

    static final String NAME = "drift-merge-windows";
    /** A sender without partials for this long (wall clock) no longer holds windows open. */
    static final long SENDER_IDLE_MS = 10_000;

    private final long window;
    private final long grace;
    private final WindowEvaluator evaluator;
    private final DriftCounters counters;
    private final Clock clock;
    private ProcessorContext<String, DriftOutput> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, AlertState> alerts;
    private KeyValueStore<String, DriftReferenceProfile> references;
    /** Earliest end + grace among the open windows (recomputed from the store on start). */
    private long nextClose = Long.MAX_VALUE;
    /** The watermark up to which windows have been closed. */
    private long closedUpTo = Long.MIN_VALUE;
    private final SenderProgress progress = new SenderProgress(SENDER_IDLE_MS);

    public WindowAggregator(long window, long grace, WindowEvaluator evaluator, DriftCounters counters, Clock clock) {
        this.window = window;
        this.grace = grace;
        this.evaluator = evaluator;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
        this.windows = context.getStateStore(DriftStores.WINDOWS);
        this.alerts = context.getStateStore(DriftStores.ALERTS);
        this.references = context.getStateStore(DriftStores.REFERENCES);
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                nextClose = Math.min(nextClose, closeOf(WindowPartial.fromBytes(it.next().value).windowStart()));
            }
        }
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME,
            now -> closeDue(now));
    }

    private void closeDue(long now) {
        long watermark = progress.watermark(now);
        if (nextClose <= watermark) {
            closeWindows(watermark);
        }
    }

    @Override
    public void process(Record<String, WindowPartial> record) {
        WindowPartial p = record.value();
        long now = context.currentSystemTimeMs();
        progress.observe(record.headers(), record.timestamp(), now);
        if (p == null) {
            return;
        }
        long close = closeOf(p.windowStart());
        if (close <= closedUpTo) {
            counters.count(DriftCounters.LATE_PARTIAL);
        } else {
            String key = p.quantity().groupKey() + "@" + p.windowStart();
            byte[] stored = windows.get(key);
            if (stored != null) {
                WindowPartial merged = WindowPartial.fromBytes(stored);
                merged.merge(p);
                p = merged;
            }
            windows.put(key, p.toBytes());
            nextClose = Math.min(nextClose, close);
        }
        closeDue(now);
    }

    private long closeOf(long windowStart) {
        return windowStart + window + grace;
    }

    /** Judges and removes every window whose end + grace is at or before {@code watermark}, oldest first. */
    void closeWindows(long watermark) {
        List<KeyValue<String, WindowPartial>> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                WindowPartial p = WindowPartial.fromBytes(e.value);
                long close = closeOf(p.windowStart());
                if (close <= watermark) {
                    due.add(KeyValue.pair(e.key, p));
                } else {
                    next = Math.min(next, close);
                }
            }
        }
        due.sort((a, b) -> Long.compare(a.value.windowStart(), b.value.windowStart()));
        Map<String, DriftReferenceProfile> refs = new HashMap<>();
        long now = clock.millis();
        for (KeyValue<String, WindowPartial> e : due) {
            windows.delete(e.key);
            judge(e.value, refs, now);
        }
        nextClose = next;
        closedUpTo = Math.max(closedUpTo, watermark);
    }

    private void judge(WindowPartial current, Map<String, DriftReferenceProfile> refs, long now) {
        Quantity q = current.quantity();
        DriftReferenceProfile ref = refs.computeIfAbsent(q.versionKey(), references::get);
        WindowPartial reference = ref == null ? null : References.referenceOf(ref, q);
        if (reference == null) {
            counters.count(DriftCounters.NO_REFERENCE);
            return;
        }
        String alertId = WindowEvaluator.alertId(q);
        AlertState state = alerts.get(alertId);
        long start = current.windowStart();
        WindowEvaluator.Evaluation ev = evaluator.evaluate(q, start, start + window, reference, current,
            state == null ? AlertState.QUIET : state, now);
        String metricKey = q.versionKey() + "/" + q.feature();
        long ts = start + window - 1;
        ev.metrics().forEach(m -> context.forward(new Record<>(metricKey, new DriftOutput.Metric(m), ts)));
        if (!ev.state().equals(state)) {
            alerts.put(alertId, ev.state());
        }
        if (ev.alert() != null) {
            context.forward(new Record<>(alertId, new DriftOutput.Alert(ev.alert()), ts));
        }
    }
}
