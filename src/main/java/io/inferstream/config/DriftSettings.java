package io.inferstream.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the drift topology monitors served models (keys {@code drift.*}).
 *
 * @param window           {@code drift.window}: tumbling event-time window of the drift statistics
 * @param windowGrace      {@code drift.window.grace}: how late (event time) a result may arrive and still count
 * @param segmentFeature   {@code drift.segment.feature}: a categorical feature (a key of the results' categorical map)
 *                         whose value splits every monitored quantity into segments; empty: no segments
 * @param monitorShadow    {@code drift.monitor.shadow}: also monitor SHADOW results (PRIMARY and CANARY always are)
 * @param bootstrapRecords {@code drift.bootstrap.records}: a version without a reference profile gets one built from
 *                         its first this many scored records; 0: never (such versions are not monitored)
 * @param minSamples       {@code drift.min.samples}: fewest values in a window (and in the reference) for a verdict
 * @param raiseAfter       {@code drift.alert.raise.after}: consecutive drifting windows that raise an alert
 * @param clearAfter       {@code drift.alert.clear.after}: consecutive clean windows that resolve it
 * @param labels           {@code drift.label.*}: performance drift from labels joined with the results
 * @param observe          {@code drift.observe}: where the results are read into window partials, see {@link Observe}
 * @param thresholds       {@code drift.threshold.*}: the statistics' warning and critical levels
 * @param observeFlush     {@code drift.observe.flush.interval}: how often each observing task forwards its window partials
 *                         and prediction batches to drift-observations (wall clock)
 */
public record DriftSettings(Duration window, Duration windowGrace, String segmentFeature, boolean monitorShadow,
                            int bootstrapRecords, long minSamples, int raiseAfter, int clearAfter, LabelSettings labels,
                            Observe observe, DriftThresholds thresholds, Duration observeFlush) {

    /**
     * The default of {@code drift.observe.flush.interval}. Why not shorter: each flush sends one sketch per quantity
     * and one prediction batch per request-id bucket, and a KLL sketch's size stops growing with its values once it
     * compacts (about 600 retained of any number), so a longer interval sends far fewer bytes per result through the
     * broker (the largest part of monitoring's cost, measured in {@code bench inference}). Why not longer: what a task
     * observed since its last flush is lost when it crashes or is moved (see ObservationBuffer), and a quarter of a
     * second is noise in windows of a minute.
     */
    public static final Duration DEFAULT_OBSERVE_FLUSH = Duration.ofMillis(250);

    /** Where results are observed (sketched into window partials and sent to the label join). */
    public enum Observe {
        /**
         * {@code scoring} (the default): in the scoring topology, on the results as they are scored, before they are
         * serialized; the drift topology reads only the small partials and prediction batches from drift-observations.
         */
        SCORING,
        /**
         * {@code results}: the drift topology reads and decodes every record of inference-results itself (results
         * written by another scorer, or scoring instances that must carry no monitoring work).
         */
        RESULTS
    }

    public DriftSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(windowGrace, "windowGrace");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(observeFlush, "observeFlush");
        if (observeFlush.isZero() || observeFlush.isNegative()) {
            throw new IllegalArgumentException("observeFlush must be longer than 0, got " + observeFlush);
        }
        segmentFeature = segmentFeature == null || segmentFeature.isBlank() ? null : segmentFeature.trim();
    }

    /** Settings with the default label settings, observed in the scoring topology. */
    public DriftSettings(Duration window, Duration windowGrace, String segmentFeature, boolean monitorShadow,
                         int bootstrapRecords, long minSamples, int raiseAfter, int clearAfter) {
        this(window, windowGrace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, LabelSettings.defaults(),
            Observe.SCORING, DriftThresholds.defaults(), DEFAULT_OBSERVE_FLUSH);
    }

    /** The built-in defaults. */
    public static DriftSettings defaults() {
        return read(new ConfigReader(new RawConfig()));
    }

    /** Same settings with another window (tests, demo). */
    public DriftSettings withWindow(Duration size, Duration grace) {
        return new DriftSettings(size, grace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, labels, observe, thresholds, observeFlush);
    }

    /** Same settings with another bootstrap size. */
    public DriftSettings withBootstrapRecords(int records) {
        return new DriftSettings(window, windowGrace, segmentFeature, monitorShadow, records, minSamples, raiseAfter, clearAfter, labels, observe, thresholds, observeFlush);
    }

    /** Same settings with other label settings. */
    public DriftSettings withLabels(LabelSettings other) {
        return new DriftSettings(window, windowGrace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, other, observe, thresholds, observeFlush);
    }

    /** Same settings with other thresholds. */
    public DriftSettings withThresholds(DriftThresholds other) {
        return new DriftSettings(window, windowGrace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, labels,
            observe, other, observeFlush);
    }

    /** Same settings with another observation flush interval. */
    public DriftSettings withObserveFlush(Duration every) {
        return new DriftSettings(window, windowGrace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, labels,
            observe, thresholds, every);
    }

    /** Same settings, observed elsewhere. */
    public DriftSettings withObserve(Observe where) {
        return new DriftSettings(window, windowGrace, segmentFeature, monitorShadow, bootstrapRecords, minSamples, raiseAfter, clearAfter, labels, where, thresholds, observeFlush);
    }

    static DriftSettings read(ConfigReader r) {
        Duration window = r.duration("drift.window", Duration.ofMinutes(1));
        if (window.isZero()) {
            r.problem("drift.window", "must be longer than 0");
            window = Duration.ofMinutes(1);
        }
        Duration grace = r.duration("drift.window.grace", Duration.ofSeconds(10));
        String segment = r.string("drift.segment.feature", "");
        boolean shadow = r.bool("drift.monitor.shadow", false);
        int bootstrap = r.integer("drift.bootstrap.records", 1000, 0, 10_000_000);
        long minSamples = r.longValue("drift.min.samples", 100, 1);
        int raise = r.integer("drift.alert.raise.after", 2, 1, 1000);
        int clear = r.integer("drift.alert.clear.after", 3, 1, 1000);
        Observe observe = Observe.SCORING;
        String where = r.string("drift.observe", "scoring").trim();
        switch (where) {
            case "scoring" -> observe = Observe.SCORING;
            case "results" -> observe = Observe.RESULTS;
            default -> r.problem("drift.observe", "must be scoring or results, not '" + where + "'");
        }
        Duration flush = r.duration("drift.observe.flush.interval", DEFAULT_OBSERVE_FLUSH);
        if (flush.isZero()) {
            r.problem("drift.observe.flush.interval", "must be longer than 0");
            flush = DEFAULT_OBSERVE_FLUSH;
        }
        return new DriftSettings(window, grace, segment, shadow, bootstrap, minSamples, raise, clear, LabelSettings.read(r), observe,
            DriftThresholds.read(r), flush);
    }
}
