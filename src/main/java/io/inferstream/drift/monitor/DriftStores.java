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

    private DriftStores() {
    }
}
