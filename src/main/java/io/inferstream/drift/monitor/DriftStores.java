package io.inferstream.drift.monitor;

/** Names of the drift topology's state stores (their changelogs are {@code <application.id>-<name>-changelog}). */
public final class DriftStores {

    /** Global store of the reference profiles (drift-reference-profiles), key {@code <model>/<version>}. */
    public static final String REFERENCES = "drift-reference-store";
    /** Open windows' merged sketches, key {@code <quantity group key>@<window start>}. */
    public static final String WINDOWS = "drift-window-sketches";
    /** Each quantity's alert state (hysteresis counters), key = alert id. */
    public static final String ALERTS = "drift-alert-state";
    /** Bootstrap profiles being built, key {@code <model>/<version>}; an empty value marks a version done. */
    public static final String BOOTSTRAP = "drift-bootstrap-profiles";

    /** Baseline (moving average) and windows seen of each watched performance metric, key = alert id. */
    public static final String PERFORMANCE_BASELINES = "drift-performance-baselines";
    /** Alert state (hysteresis counters) of each watched performance metric, key = alert id. */
    public static final String PERFORMANCE_ALERTS = "drift-performance-alert-state";

    /**
     * Results waiting for their label and labels waiting for their result (label join), one entry per input batch and
     * side: key {@code <P|F>|<min deadline, 19 digits>|<sequence>} (P results, F labels), value the batch's entries still
     * waiting at its end ({@code JoinInput.batchToBytes}). The changelogged copy of the join's heap state, read only on
     * restore.
     */
    public static final String LABEL_PENDING = "drift-label-pending";
    /**
     * Entries of {@link #LABEL_PENDING} resolved before their deadline (joined, or an early label found late), key
     * {@code <segment key>#<index in its batch>}, empty value; deleted with their segment.
     */
    public static final String LABEL_JOINED = "drift-label-joined";
    /** Open performance windows (everything but the AUC histograms), key {@code <model>/<version>@<window start>}. */
    public static final String PERFORMANCE_WINDOWS = "drift-performance-windows";
    /** AUC histogram bins of the open performance windows, key {@code <window key>#<p|n><bin>}, value a count. */
    public static final String PERFORMANCE_BINS = "drift-performance-auc-bins";
    /** Sequential detectors (ADWIN, Page-Hinkley) on each version's per-record error, key {@code <model>/<version>/<detector>}. */
    public static final String PERFORMANCE_DETECTORS = "drift-performance-detectors";
    /** Stream time of each firing detector alert's last detection, key = alert id. */
    public static final String PERFORMANCE_DETECTOR_ALERTS = "drift-performance-detector-alerts";

    private DriftStores() {
    }
}
