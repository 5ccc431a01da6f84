package io.inferstream.drift.monitor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts of what the drift topology observed, and of what it skipped and why (a NaN feature, a result without a monitored feature, a late
 * record, ...): values that cannot be profiled are not worth a dead letter each, but must not vanish silently
 * either. Shared by the topology's tasks; logged and readable by tests and benchmarks.
 */
public final class DriftCounters {

    /** A numeric value that is NaN or infinite: not added to any sketch. */
    public static final String NON_FINITE = "non_finite";
    /** A result without a feature its version's reference profiles. */
    public static final String MISSING_FEATURE = "missing_feature";
    /** A result whose event time falls in a window that has already closed. */
    public static final String LATE = "late";
    /** A partial for a window that had already closed when it reached its owner. */
    public static final String LATE_PARTIAL = "late_partial";
    /** A result of a version that has no reference profile (and bootstrapping is off or not done yet). */
    public static final String NO_REFERENCE = "no_reference";
    /** A result with a role that is not monitored (SHADOW unless drift.monitor.shadow). */
    public static final String ROLE_NOT_MONITORED = "role_not_monitored";
    /** An input or output the bootstrap cannot profile (too wide, unknown type). */
    public static final String UNPROFILED = "unprofiled";
    /** A result value that does not decode (also dead-lettered). */
    public static final String UNDECODABLE = "undecodable";
    /** A drift-observations record that is not one (also dead-lettered). */
    public static final String UNDECODABLE_OBSERVATION = "observation_undecodable";

    /** A result without a finite {@code drift.label.output} value: not joined with labels. */
    public static final String NO_SCORE = "result_without_score";
    /** A user event that does not decode (the recommend topology dead-letters it; here it is only skipped). */
    public static final String USER_EVENT_UNDECODABLE = "user_event_undecodable";
    /** A record on the labels topic that does not decode or holds an invalid label (also dead-lettered). */
    public static final String LABEL_INVALID = "label_invalid";
    /** A label for a request whose result never arrived within the label window (unknown, or after its result closed). */
    public static final String LABEL_UNMATCHED = "label_unmatched";
    /** A label observed more than the label window after its result: the result counts as unlabelled or negative. */
    public static final String LABEL_LATE = "label_late";
    /** A second label for one request (a second click): the first one counted. */
    public static final String LABEL_DUPLICATE = "label_duplicate";
    /** A second result with the same requestId while the first still waits. */
    public static final String RESULT_DUPLICATE = "result_duplicate";
    /** A result that got no label within the window and is not a negative (labels topic only). */
    public static final String RESULT_UNLABELLED = "result_unlabelled";
    /** A labelled result whose performance window had already closed. */
    public static final String LABELLED_LATE = "labelled_late";

    /** Not a skip: results joined with a label (a negative by timeout included). */
    public static final String LABELLED = "results_labelled";
    /** Not a skip: results that got no positive within the label window and count as negatives. */
    public static final String NEGATIVE_BY_TIMEOUT = "negatives_by_timeout";

    /** Not a skip: results whose values went into windows (or a bootstrap profile). */
    public static final String OBSERVED = "results_observed";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Consumer<String> deadLetters;

    public DriftCounters() {
        this(code -> { });
    }

    /** @param deadLetters told the error code of every record the topology dead-letters (the instance's meter) */
    public DriftCounters(Consumer<String> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** A record the topology sends to dead-letters, with its error code. */
    public void deadLettered(String code) {
        deadLetters.accept(code);
    }

    public void count(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** The counter of {@code reason}, for a caller that counts on every record. */
    LongAdder adder(String reason) {
        return counts.computeIfAbsent(reason, r -> new LongAdder());
    }

    public long get(String reason) {
        LongAdder a = counts.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** All counts so far, sorted by reason. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
