package io.inferstream.drift.label;

import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The label join, on batches of results and labels keyed by their requests' bucket ({@link JoinInput#bucket}, so a
 * request's result and label meet on one task): a result waits for its label for {@code labelWindow} (event time); the
 * first label within that window joins it and the pair goes on as a {@link LabelledResult}. A result still waiting
 * when its deadline passes is a negative when clicks are a label source (click-through semantics: no click within the
 * window means no click) and is dropped as unlabelled otherwise.
 *
 * <p>Labels may overtake their result (the two arrive through drift-observations from different observers, and a
 * lagging scoring task sends its results later): a label without a result waits the same window for it, and one whose
 * result never comes is counted as unmatched (an unknown request, or a late label whose result was already closed).
 * A label observed more than the window after its result is late and does not join.
 *
 * <p>Deadlines are checked every second (on stream time and on the wall clock). Each side waits on the <i>other</i>
 * side's progress: a result closes once the labels have reached its deadline (their latest event time), an early label
 * once the results are a label window past it. So when scoring lags behind the clicks (a backlog), labels wait for
 * their results instead of expiring, and when the clicks lag, results wait for them instead of closing as negatives. A
 * side's time moves on with the wall clock while it has no records ({@link IdleClock}), so everything closes when
 * traffic stops. Results follow their own time while no label has been seen (no clicks at all); early labels wait
 * while no result has been seen (scoring still starting).
 *
 * <p>State. The working state is on the heap: an index of everything waiting by requestId, and per side (results;
 * early labels) the <i>segments</i> in deadline order: a segment is what one input batch left waiting on that side,
 * with a bit per entry resolved since. Joins and expiry only use these. The stores are their changelogged copy, for
 * exactly-once and restarts, written per batch rather than per result: each segment is one entry of
 * {@link DriftStores#LABEL_PENDING} (key {@code <P|F>|<min deadline, 19 digits>|<sequence>}, value
 * {@link JoinInput#batchToBytes}), written once at the end of its batch (entries resolved within their own batch are
 * never written) and deleted once when nothing of it waits any more; an entry of a written segment resolved before its
 * deadline (joined, or an early label found late) leaves a small marker {@code <segment key>#<index>} in
 * {@link DriftStores#LABEL_JOINED}, deleted with its segment. A segment partly due (one batch may span event times, in
 * a backlog) is rewritten as its remainder under a new key. {@link #init} (called after the stores are restored)
 * rebuilds the heap state from the two stores. Measured, heap and stores together: about 360 bytes per waiting result
 * in batches of 32, 650 in batches of one (the per-batch part); rate x label window of them.
 */
public final class LabelJoiner implements Processor<String, List<JoinInput.Entry>, String, List<LabelledResult>> {

    private static final Logger log = LoggerFactory.getLogger(LabelJoiner.class);

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
    private static final byte[] MARKER = new byte[0];

    private final long labelWindow;
    private final boolean negativeOnTimeout;
    private final DriftCounters counters;
    /** Progress of the results (their event times) and of the labels: each side's deadlines wait on the other's. */
    private final IdleClock results = new IdleClock();
    private final IdleClock labels = new IdleClock();
    /** Labelled results since the last flush, per model version. */
    private final Map<String, List<LabelledResult>> labelled = new HashMap<>();
    /** The batch of {@link #labelled} the last labelled result went to, and its version. */
    private List<LabelledResult> lastLabelled;
    private String lastLabelledModel;
    private long lastLabelledVersion;
    /** Everything waiting, by requestId: a result, or a label that overtook its result (at most one per request). */
    private final Map<String, Ref> waiting = new HashMap<>();
    private final Side predictions = new Side((char) JoinInput.PREDICTION);
    private final Side feedback = new Side((char) JoinInput.FEEDBACK);
    /** The next segment key's sequence: unique per task across restarts (init starts after the largest stored one). */
    private long sequence;
    private ProcessorContext<String, List<LabelledResult>> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> joined;

    /**
     * @param labelWindow       how long (ms, event time) a result waits for its label, and a label for its result
     * @param negativeOnTimeout a result without a label by then is a negative (clicks as labels) rather than dropped
     */
    public LabelJoiner(long labelWindow, boolean negativeOnTimeout, DriftCounters counters) {
        this.labelWindow = labelWindow;
        this.negativeOnTimeout = negativeOnTimeout;
        this.counters = counters;
    }

    /** One side's waiting entries: written segments in deadline order, and those of the batch being processed. */
    private static final class Side {
        final char tag;
        final TreeMap<String, Segment> segments = new TreeMap<>();
        /** Held by the batch being processed; written as one segment at its end. */
        final List<Ref> open = new ArrayList<>();

        Side(char tag) {
            this.tag = tag;
        }
    }

    /**
     * What one batch left waiting on one side, as stored in {@link DriftStores#LABEL_PENDING} under {@link #key}. An entry
     * resolved since is set in {@link #resolved} (which has a marker in {@link DriftStores#LABEL_JOINED} for each bit)
     * and nulled in {@link #entries}, so that it can be collected.
     */
    private static final class Segment {
        final String key;
        final long deadline;
        final JoinInput.Entry[] entries;
        /** Null until an entry is resolved (most segments go whole: a batch of one, or all closed at once). */
        BitSet resolved;
        int left;

        Segment(String key, long deadline, JoinInput.Entry[] entries, BitSet resolved, int left) {
            this.key = key;
            this.deadline = deadline;
            this.entries = entries;
            this.resolved = resolved;
            this.left = left;
        }

        void resolve(int index) {
            if (resolved == null) {
                resolved = new BitSet(entries.length);
            }
            resolved.set(index);
            entries[index] = null;
        }
    }

    /** Where a waiting entry is: its segment and index there, or (segment null) its place in its side's open batch. */
    private static final class Ref {
        final JoinInput.Entry entry;
        Segment segment;
        /** -1 once resolved within its own batch. */
        int index;

        Ref(JoinInput.Entry entry, Segment segment, int index) {
            this.entry = entry;
            this.segment = segment;
            this.index = index;
        }
    }

    @Override
    public void init(ProcessorContext<String, List<LabelledResult>> context) {
        this.context = context;
        this.pending = context.getStateStore(DriftStores.LABEL_PENDING);
        this.joined = context.getStateStore(DriftStores.LABEL_JOINED);
        restore();
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, t -> expire(context.currentSystemTimeMs()));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expire);
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> flush());
    }

    /** Rebuilds the heap state from the stores (restored from their changelogs by now). */
    private void restore() {
        Map<String, BitSet> markers = new HashMap<>();
        long last = -1;
        try (KeyValueIterator<String, byte[]> it = joined.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                int hash = key.lastIndexOf('#');
                markers.computeIfAbsent(key.substring(0, hash), k -> new BitSet()).set(Integer.parseInt(key.substring(hash + 1)));
                last = Math.max(last, sequence(key.substring(0, hash)));
            }
        }
        int segments = 0;
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Side side = kv.key.charAt(0) == predictions.tag ? predictions : feedback;
                JoinInput.Entry[] entries = JoinInput.batchFromBytes(kv.value).toArray(new JoinInput.Entry[0]);
                BitSet resolved = markers.remove(kv.key);
                Segment s = new Segment(kv.key, Long.parseLong(kv.key.substring(2, 21)), entries, resolved, 0);
                for (int i = 0; i < entries.length; i++) {
                    if ((resolved == null || !resolved.get(i))
                        && waiting.putIfAbsent(entries[i].requestId(), new Ref(entries[i], s, i)) == null) {
                        s.left++;
                    } else {
                        // Resolved; or a second entry of a request (not written by this class, but a changelog of
                        // at_least_once may hold a rewritten segment twice): the first one waits.
                        s.resolve(i);
                    }
                }
                side.segments.put(kv.key, s); // even with nothing left: expiry deletes it at its deadline
                last = Math.max(last, sequence(kv.key));
                segments++;
            }
        }
        sequence = last + 1;
        if (!markers.isEmpty()) {
            log.warn("label join: {} segment(s) of {} not in {}; their markers are ignored", markers.size(), DriftStores.LABEL_JOINED,
                DriftStores.LABEL_PENDING);
        }
        if (segments > 0) {
            log.info("label join: {} waiting results and labels restored ({} segments)", waiting.size(), segments);
        }
    }

    /** A batch of predictions and labels of one bucket (keyed by the bucket; each entry names its request). */
    @Override
    public void process(Record<String, List<JoinInput.Entry>> record) {
        long wall = context.currentSystemTimeMs();
        for (JoinInput.Entry e : record.value()) {
            (e.input() instanceof JoinInput.Prediction ? results : labels).observe(e.input().time(), wall);
            process(e);
        }
        write(predictions);
        write(feedback);
    }

    private void process(JoinInput.Entry e) {
        Ref held = waiting.get(e.requestId());
        JoinInput waits = held == null ? null : held.entry.input();
        if (e.input() instanceof JoinInput.Prediction p) {
            if (waits instanceof JoinInput.Feedback f) {
                release(held);
                if (late(p, f)) {
                    hold(e, predictions); // the early label was too late for it after all: the result waits for its deadline
                } else {
                    emit(p, f.label());
                }
            } else if (waits != null) {
                counters.count(DriftCounters.RESULT_DUPLICATE);
            } else {
                hold(e, predictions);
            }
        } else if (e.input() instanceof JoinInput.Feedback f) {
            if (waits instanceof JoinInput.Prediction p) {
                if (!late(p, f)) {
                    release(held);
                    emit(p, f.label());
                }
            } else if (waits != null) {
                counters.count(DriftCounters.LABEL_DUPLICATE);
            } else {
                hold(e, feedback);
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
        if (lastLabelled == null || p.version() != lastLabelledVersion || !p.model().equals(lastLabelledModel)) {
            // the key of the version's batch, made once per run of one version rather than per result
            lastLabelled = labelled.computeIfAbsent(r.versionKey(), k -> new ArrayList<>());
            lastLabelledModel = p.model();
            lastLabelledVersion = p.version();
        }
        lastLabelled.add(r);
    }

    /** Forwards the labelled results so far, one batch per model version (timestamp: its newest result's time). */
    void flush() {
        for (Map.Entry<String, List<LabelledResult>> e : labelled.entrySet()) {
            long time = e.getValue().stream().mapToLong(LabelledResult::time).max().orElseThrow();
            context.forward(new Record<>(e.getKey(), e.getValue(), time));
        }
        labelled.clear();
        lastLabelled = null;
    }

    /** Lets an entry of the batch being processed wait (written with the batch's other waiting entries at its end). */
    private void hold(JoinInput.Entry e, Side side) {
        Ref ref = new Ref(e, null, side.open.size());
        side.open.add(ref);
        waiting.put(e.requestId(), ref);
    }

    /** A waiting entry resolved before its deadline: joined, or an early label found late for its result. */
    private void release(Ref ref) {
        waiting.remove(ref.entry.requestId());
        Segment s = ref.segment;
        if (s == null) {
            ref.index = -1; // held by this very batch: never written
            return;
        }
        if (--s.left == 0) {
            delete(s);
        } else {
            s.resolve(ref.index);
            joined.put(marker(s, ref.index), MARKER);
        }
    }

    /** Writes what the batch left waiting on a side as one segment. */
    private void write(Side side) {
        if (side.open.isEmpty()) {
            return;
        }
        int n = 0;
        long deadline = Long.MAX_VALUE;
        for (Ref ref : side.open) {
            if (ref.index >= 0) {
                n++;
                deadline = Math.min(deadline, deadline(ref.entry));
            }
        }
        if (n > 0) {
            JoinInput.Entry[] entries = new JoinInput.Entry[n];
            Segment s = new Segment(segmentKey(side, deadline), deadline, entries, null, n);
            int k = 0;
            for (Ref ref : side.open) {
                if (ref.index >= 0) {
                    entries[k] = ref.entry;
                    ref.segment = s;
                    ref.index = k++;
                }
            }
            put(side, s);
        }
        side.open.clear();
    }

    private void put(Side side, Segment s) {
        side.segments.put(s.key, s);
        pending.put(s.key, JoinInput.batchToBytes(Arrays.asList(s.entries)));
    }

    /** Deletes a segment and its markers. */
    private void delete(Segment s) {
        if (s.resolved != null) {
            for (int i = s.resolved.nextSetBit(0); i >= 0; i = s.resolved.nextSetBit(i + 1)) {
                joined.delete(marker(s, i));
            }
        }
        pending.delete(s.key);
        (s.key.charAt(0) == predictions.tag ? predictions : feedback).segments.remove(s.key);
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
        if (Math.max(closeResultsUpTo, closeLabelsUpTo) == Long.MIN_VALUE) {
            return;
        }
        List<JoinInput.Entry> closed = new ArrayList<>();
        expire(predictions, closeResultsUpTo, closed);
        // In deadline order, as the segments' entries are only roughly (a batch may span event times).
        closed.sort(Comparator.comparingLong(e -> e.input().time()));
        for (JoinInput.Entry e : closed) {
            JoinInput.Prediction p = (JoinInput.Prediction) e.input();
            if (negativeOnTimeout) {
                counters.count(DriftCounters.NEGATIVE_BY_TIMEOUT);
                emit(p, 0.0);
            } else {
                counters.count(DriftCounters.RESULT_UNLABELLED);
            }
        }
        closed.clear();
        expire(feedback, closeLabelsUpTo, closed);
        for (int i = 0; i < closed.size(); i++) {
            counters.count(DriftCounters.LABEL_UNMATCHED);
        }
        flush();
    }

    /** Takes a side's entries due by {@code upTo} out of its segments into {@code closed}. */
    private void expire(Side side, long upTo, List<JoinInput.Entry> closed) {
        List<Segment> due = new ArrayList<>();
        for (Segment s : side.segments.values()) {
            if (s.deadline > upTo) {
                break; // and so are all the later segments' entries
            }
            due.add(s);
        }
        for (Segment s : due) {
            List<JoinInput.Entry> rest = new ArrayList<>();
            int before = closed.size();
            for (JoinInput.Entry e : s.entries) {
                if (e == null) {
                    continue;
                }
                if (deadline(e) <= upTo) {
                    closed.add(e);
                    waiting.remove(e.requestId()); // its one waiting entry (see restore)
                } else {
                    rest.add(e);
                }
            }
            if (closed.size() == before && !rest.isEmpty()) {
                continue; // its due entries were all joined: the rest waits as it is
            }
            if (!rest.isEmpty()) {
                // A batch that spanned event times (a backlog): its remainder goes on under its own, later deadline.
                long deadline = rest.stream().mapToLong(this::deadline).min().orElseThrow();
                Segment remainder = new Segment(segmentKey(side, deadline), deadline, rest.toArray(new JoinInput.Entry[0]),
                    null, rest.size());
                for (int i = 0; i < remainder.entries.length; i++) {
                    Ref ref = waiting.get(remainder.entries[i].requestId());
                    ref.segment = remainder;
                    ref.index = i;
                }
                put(side, remainder);
            }
            delete(s); // after writing the remainder: under at_least_once, a crash in between repeats rather than loses
        }
    }

    private long deadline(JoinInput.Entry e) {
        return Math.max(0, e.input().time() + labelWindow);
    }

    private String segmentKey(Side side, long deadline) {
        return side.tag + "|" + expiryKey(deadline, Long.toString(sequence++));
    }

    private static String marker(Segment s, int index) {
        return s.key + "#" + index;
    }

    /** The sequence of a segment key {@code <side>|<deadline>|<sequence>}. */
    private static long sequence(String segmentKey) {
        return Long.parseLong(segmentKey.substring(segmentKey.lastIndexOf('|') + 1));
    }

    /** {@code <deadline, zero-padded to 19 digits>|<suffix>}: string order is deadline order. */
    static String expiryKey(long deadline, String suffix) {
        String digits = Long.toString(Math.max(0, deadline));
        StringBuilder key = new StringBuilder(20 + suffix.length());
        key.append("0".repeat(19 - digits.length())).append(digits).append('|').append(suffix);
        return key.toString();
    }
}
