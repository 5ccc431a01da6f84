package io.inferstream.drift.label;

import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftStores;
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
 * The label join, on batches of results and labels keyed by their requests' bucket ({@link JoinInput#bucket}, so a
 * request's result and label meet on one task): a result waits in {@link DriftStores#LABEL_PENDING} for its label
 * for {@code labelWindow} (event time); the first label within that window joins it and the pair goes on as a
 * {@link LabelledResult}. A result still waiting when its deadline passes is a negative when clicks are a label
 * source (click-through semantics: no click within the window means no click) and is dropped as unlabelled otherwise.
 *
 * <p>Labels may overtake their result (the two arrive through one repartition topic from different source topics, and
 * a lagging results partition is read later): a label without a result waits the same window for it, and one whose
 * result never comes is counted as unmatched (an unknown request, or a late label whose result was already closed).
 * A label observed more than the window after its result is late and does not join.
 *
 * <p>Deadlines are kept in {@link DriftStores#LABEL_EXPIRY}, ordered by deadline, and checked every second (on stream
 * time and on the wall clock). Each side waits on the <i>other</i> side's progress: a result closes once the labels
 * have reached its deadline (their latest event time), an early label once the results are a label window past it. So when scoring lags
 * behind the clicks (a backlog), labels wait for their results instead of expiring, and when the clicks lag, results
 * wait for them instead of closing as negatives. A side's time moves on with the wall clock while it has no records
 * ({@link IdleClock}), so everything closes when traffic stops. Results follow their own time while no label has been
 * seen (no clicks at all); early labels wait while no result has been seen (scoring still starting).
 * State: one entry in each store per waiting result, about 100 bytes: rate x label window in all.
 */
public final class LabelJoiner implements Processor<String, List<JoinInput.Entry>, String, List<LabelledResult>> {

    public static final String NAME = "drift-label-join";
    /** How often pending entries are checked for expiry (stream time and wall clock). */
    static final Duration EXPIRY_INTERVAL = Duration.ofSeconds(1);
    /**
     * How often the labelled results go on, one batch per model version: short, so that it happens in every
     * stream-thread loop, before the commit that covers their input (the same reasoning as the drift topology's window
     * partials); a batch rather than a record per result keeps the next repartition and the windows' store writes
     * per batch.
     */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(5);

    private final long labelWindow;
    private final boolean negativeOnTimeout;
    private final DriftCounters counters;
    /** Progress of the results (their event times) and of the labels: each side's deadlines wait on the other's. */
    private final IdleClock results = new IdleClock();
    private final IdleClock labels = new IdleClock();
    /** Labelled results since the last flush, per model version. */
    private final Map<String, List<LabelledResult>> labelled = new HashMap<>();
    private ProcessorContext<String, List<LabelledResult>> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> expiry;

    /**
     * @param labelWindow       how long (ms, event time) a result waits for its label, and a label for its result
     * @param negativeOnTimeout a result without a label by then is a negative (clicks as labels) rather than dropped
     */
    public LabelJoiner(long labelWindow, boolean negativeOnTimeout, DriftCounters counters) {
        this.labelWindow = labelWindow;
        this.negativeOnTimeout = negativeOnTimeout;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, List<LabelledResult>> context) {
        this.context = context;
        this.pending = context.getStateStore(DriftStores.LABEL_PENDING);
        this.expiry = context.getStateStore(DriftStores.LABEL_EXPIRY);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, t -> expire(context.currentSystemTimeMs()));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expire);
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> flush());
    }

    /** A batch of predictions and labels of one bucket (keyed by the bucket; each entry names its request). */
    @Override
    public void process(Record<String, List<JoinInput.Entry>> record) {
        long wall = context.currentSystemTimeMs();
        for (JoinInput.Entry e : record.value()) {
            (e.input() instanceof JoinInput.Prediction ? results : labels).observe(e.input().time(), wall);
            process(e.requestId(), e.input());
        }
    }

    private void process(String id, JoinInput in) {
        byte[] held = pending.get(id);
        JoinInput waiting = held == null ? null : JoinInput.fromBytes(held);
        if (in instanceof JoinInput.Prediction p) {
            if (waiting instanceof JoinInput.Feedback f) {
                release(id, f);
                if (late(p, f)) {
                    hold(id, p); // the early label was too late for it after all: the result waits for its deadline
                } else {
                    emit(p, f.label());
                }
            } else if (waiting != null) {
                counters.count(DriftCounters.RESULT_DUPLICATE);
            } else {
                hold(id, p);
            }
        } else if (in instanceof JoinInput.Feedback f) {
            if (waiting instanceof JoinInput.Prediction p) {
                if (!late(p, f)) {
                    release(id, p);
                    emit(p, f.label());
                }
            } else if (waiting != null) {
                counters.count(DriftCounters.LABEL_DUPLICATE);
            } else {
                hold(id, f);
            }
        }
    }

    /** A label observed more than the window after its result does not count (the result closes without it). */
    private boolean late(JoinInput.Prediction p, JoinInput.Feedback f) {
        if (f.time() > p.time() + labelWindow) {
            counters.count(DriftCounters.LABEL_LATE);
            return true;
        }
        return false;
    }

    private void emit(JoinInput.Prediction p, double label) {
        counters.count(DriftCounters.LABELLED);
        LabelledResult r = new LabelledResult(p.model(), p.version(), p.score(), label, p.time());
        labelled.computeIfAbsent(r.versionKey(), k -> new ArrayList<>()).add(r);
    }

    /** Forwards the labelled results so far, one batch per model version (timestamp: its newest result's time). */
    void flush() {
        for (Map.Entry<String, List<LabelledResult>> e : labelled.entrySet()) {
            long time = e.getValue().stream().mapToLong(LabelledResult::time).max().orElseThrow();
            context.forward(new Record<>(e.getKey(), e.getValue(), time));
        }
        labelled.clear();
    }

    private void hold(String id, JoinInput in) {
        pending.put(id, JoinInput.toBytes(in));
        expiry.put(expiryKey(in.time() + labelWindow, id), new byte[0]);
    }

    private void release(String id, JoinInput held) {
        pending.delete(id);
        expiry.delete(expiryKey(held.time() + labelWindow, id));
    }

    /**
     * Closes every result whose deadline the labels have reached, and every early label whose deadline the results have
     * reached (each side's time moved on by the wall clock while it is idle, see {@link IdleClock}).
     */
    void expire(long wall) {
        long resultsNow = results.now(wall);
        long labelsNow = labels.now(wall);
        // No labels seen (yet, or at all: no clicks): results follow their own time. No results seen yet (scoring
        // still starting, or this instance just restarted): early labels wait for them.
        long closeResultsUpTo = labelsNow == Long.MIN_VALUE ? resultsNow : labelsNow;
        // An early label gets one more label window: the results' time is the newest any scoring task has sent, and the
        // other tasks' results (its own among them) may be that far behind.
        long closeLabelsUpTo = resultsNow == Long.MIN_VALUE ? Long.MIN_VALUE : resultsNow - labelWindow;
        long upTo = Math.max(closeResultsUpTo, closeLabelsUpTo);
        if (upTo == Long.MIN_VALUE) {
            return;
        }
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = expiry.range(expiryKey(0, ""), expiryKey(Math.max(0, upTo), "\uffff"))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, byte[]> e : due) {
            int bar = e.key.indexOf('|');
            long deadline = Long.parseLong(e.key.substring(0, bar));
            String id = e.key.substring(bar + 1);
            byte[] held = pending.get(id);
            JoinInput in = held == null ? null : JoinInput.fromBytes(held);
            if (in instanceof JoinInput.Prediction p) {
                if (deadline > closeResultsUpTo) {
                    continue; // the labels have not got that far yet
                }
                pending.delete(id);
                if (negativeOnTimeout) {
                    counters.count(DriftCounters.NEGATIVE_BY_TIMEOUT);
                    emit(p, 0.0);
                } else {
                    counters.count(DriftCounters.RESULT_UNLABELLED);
                }
            } else if (in != null) {
                if (deadline > closeLabelsUpTo) {
                    continue; // the results have not got that far yet
                }
                pending.delete(id);
                counters.count(DriftCounters.LABEL_UNMATCHED);
            }
            expiry.delete(e.key);
        }
        flush();
    }

    /** {@code <deadline, zero-padded to 19 digits>|<requestId>}: string order is deadline order. */
    static String expiryKey(long deadline, String id) {
        String digits = Long.toString(Math.max(0, deadline)); // not String.format: this runs twice per result
        StringBuilder key = new StringBuilder(20 + id.length());
        key.append("0".repeat(19 - digits.length())).append(digits).append('|').append(id);
        return key.toString();
    }
}
