package io.inferstream.drift.label;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.Severity;
import io.inferstream.drift.detect.Adwin;
import io.inferstream.drift.detect.PageHinkley;
import io.inferstream.drift.detect.SequentialDetector;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftOutput;
import io.inferstream.drift.monitor.DriftStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per model version (records keyed {@code <model>/<version>}): labelled results into tumbling event-time
 * {@link PerformanceWindow}s, whose metrics go out as DriftMetrics (kind PERFORMANCE, feature = the label output)
 * when a window closes, and each result's error {@code |label - score|} into the sequential detectors (ADWIN,
 * Page-Hinkley), whose detections of a rising error go out as DriftAlerts (concept drift).
 *
 * <p><b>When a window closes.</b> A result's negative label arrives a whole label window after the result (its
 * deadline), so a window closes once stream time passes {@code end + label window + grace}; also on the wall clock
 * through an {@link IdleClock} (a few seconds later still, {@link #WALL_CLOCK_MARGIN_MS}), so that the last window is
 * published when traffic stops.
 *
 * <p><b>State.</b> Everything is in changelogged stores, written through once per batch of labelled results (the
 * scalars are 250 bytes, an AUC bin is one count, ADWIN about 1.4 KB, Page-Hinkley 70 bytes; caching keeps one
 * changelog write per key and commit); the processor keeps the objects in memory so that it does not read them back
 * per record. Per version: about 16 KB per open window (the two AUC histograms), plus the detectors.
 *
 * <p><b>Detector alerts.</b> A detection FIRES (WARNING) an alert per detector and version when the error rose (ADWIN
 * also detects falls, which are not alerts; Page-Hinkley runs with River's defaults but in the upward mode only); it
 * RESOLVES when a window closes {@code clearAfter} windows after the last detection. A detector marks the change and
 * then adapts to the new error level, so a lasting degradation is what the window metrics' alerts keep showing.
 */
public final class PerformanceAggregator implements Processor<String, List<LabelledResult>, String, DriftOutput> {

    public static final String NAME = "drift-performance-aggregate";
    static final Duration CLOSE_INTERVAL = Duration.ofSeconds(1);
    /**
     * Extra wait of a close on the wall clock: negatives come from the label join's once-a-second expiry through a
     * repartition topic, so an idle window waits a few expiry rounds longer than one closed by arriving records.
     */
    static final long WALL_CLOCK_MARGIN_MS = 3 * LabelJoiner.EXPIRY_INTERVAL.toMillis();
    /** Page-Hinkley: River's defaults, upward changes only (a falling error is no alert). */
    static final PageHinkley.Settings PAGE_HINKLEY = new PageHinkley.Settings(30, 0.005, 50, 1 - 0.0001, PageHinkley.Mode.UP);

    /**
     * @param window      performance window size (ms, event time of the results)
     * @param grace       extra lateness allowed (ms)
     * @param labelWindow how long labels may take (ms): windows close after end + label window + grace
     * @param output      the label output's name (the metrics' feature)
     * @param adwin       run ADWIN on the error stream
     * @param pageHinkley run Page-Hinkley on the error stream
     * @param clearAfter  windows after the last detection that resolve a detector alert
     */
    public record Settings(long window, long grace, long labelWindow, String output, boolean adwin, boolean pageHinkley, int clearAfter) { }

    private final Settings settings;
    private final DriftCounters counters;
    private final IdleClock clock = new IdleClock();
    private final Map<String, PerformanceWindow> open = new HashMap<>();
    private final Map<String, SequentialDetector> detectorCache = new HashMap<>();
    private ProcessorContext<String, DriftOutput> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, Long> bins;
    private KeyValueStore<String, byte[]> detectors;
    private KeyValueStore<String, Long> detectorAlerts;
    /** Every window that closes at or before this time has been published. */
    private long closedUpTo = Long.MIN_VALUE;

    public PerformanceAggregator(Settings settings, DriftCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, DriftOutput> context) {
        this.context = context;
        this.windows = context.getStateStore(DriftStores.PERFORMANCE_WINDOWS);
        this.bins = context.getStateStore(DriftStores.PERFORMANCE_BINS);
        this.detectors = context.getStateStore(DriftStores.PERFORMANCE_DETECTORS);
        this.detectorAlerts = context.getStateStore(DriftStores.PERFORMANCE_DETECTOR_ALERTS);
        context.schedule(CLOSE_INTERVAL, PunctuationType.STREAM_TIME, this::close);
        context.schedule(CLOSE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> {
            long now = clock.now(wall);
            if (now != Long.MIN_VALUE) {
                close(now - WALL_CLOCK_MARGIN_MS);
            }
        });
    }

    private long closesAt(long start) {
        return start + settings.window() + settings.labelWindow() + settings.grace();
    }

    /** What a batch changed in one window: the store entries to rewrite at its end (a bit per AUC bin and class). */
    private record Touched(String key, PerformanceWindow window, BitSet positiveBins, BitSet negativeBins) {
        Touched(String key, PerformanceWindow window) {
            this(key, window, new BitSet(PerformanceWindow.AUC_BINS), new BitSet(PerformanceWindow.AUC_BINS));
        }
    }

    /**
     * A batch of labelled results (one version's, as the repartition keys them, though any mix is handled): each goes
     * into the detectors and its window in memory; the touched state is written to the stores once per batch. Keys
     * and lookups are made once per run of one version and window, not per result: at full rate a batch holds
     * hundreds of results, and building strings per result was most of this processor's time.
     */
    @Override
    public void process(Record<String, List<LabelledResult>> record) {
        clock.observe(record.timestamp(), context.currentSystemTimeMs());
        Map<String, Touched> touched = new HashMap<>();
        Set<String> touchedDetectors = new HashSet<>();
        String version = null;
        String model = null;
        long versionNumber = 0;
        VersionDetectors versionDetectors = null;
        Touched window = null;
        long windowStart = Long.MIN_VALUE;
        for (LabelledResult r : record.value()) {
            if (version == null || r.version() != versionNumber || !r.model().equals(model)) {
                version = r.versionKey();
                model = r.model();
                versionNumber = r.version();
                versionDetectors = detectors(version, touchedDetectors);
                window = null;
            }
            detect(r, versionDetectors);
            long start = r.time() - Math.floorMod(r.time(), settings.window());
            if (closesAt(start) <= closedUpTo) {
                counters.count(DriftCounters.LABELLED_LATE);
                continue;
            }
            if (window == null || start != windowStart) {
                String key = version + "@" + start;
                window = touched.computeIfAbsent(key, k -> new Touched(k, open.computeIfAbsent(k, this::load)));
                windowStart = start;
            }
            int bin = window.window().add(r.score(), r.label());
            (r.positive() ? window.positiveBins() : window.negativeBins()).set(bin);
        }
        for (Touched t : touched.values()) {
            windows.put(t.key(), t.window().scalarBytes());
            putBins(t, true, t.positiveBins());
            putBins(t, false, t.negativeBins());
        }
        for (String key : touchedDetectors) {
            detectors.put(key, detectorCache.get(key).toBytes());
        }
    }

    private void putBins(Touched t, boolean positive, BitSet changed) {
        for (int bin = changed.nextSetBit(0); bin >= 0; bin = changed.nextSetBit(bin + 1)) {
            bins.put(binKey(t.key(), positive, bin), t.window().binCount(positive, bin));
        }
    }

    /** A window from the stores (after a restart or rebalance), or a new one. */
    private PerformanceWindow load(String key) {
        byte[] scalars = windows.get(key);
        if (scalars == null) {
            return new PerformanceWindow();
        }
        PerformanceWindow w = PerformanceWindow.fromScalarBytes(scalars);
        for (int b = 0; b < PerformanceWindow.AUC_BINS; b++) {
            for (boolean positive : new boolean[] {true, false}) {
                Long n = bins.get(binKey(key, positive, b));
                if (n != null) {
                    w.setBinCount(positive, b, n);
                }
            }
        }
        return w;
    }

    static String binKey(String windowKey, boolean positive, int bin) {
        return windowKey + "#" + (positive ? 'p' : 'n') + bin;
    }

    /** Publishes and drops every window that closes at or before {@code now}. */
    void close(long now) {
        closedUpTo = Math.max(closedUpTo, now);
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            it.forEachRemaining(kv -> {
                if (closesAt(Long.parseLong(kv.key.substring(kv.key.lastIndexOf('@') + 1))) <= now) {
                    due.add(kv.key);
                }
            });
        }
        for (String key : due) {
            PerformanceWindow w = open.containsKey(key) ? open.remove(key) : load(key);
            int at = key.lastIndexOf('@');
            String version = key.substring(0, at);
            long start = Long.parseLong(key.substring(at + 1));
            publish(version, start, w);
            for (int b = 0; b < PerformanceWindow.AUC_BINS; b++) {
                for (boolean positive : new boolean[] {true, false}) {
                    if (w.binCount(positive, b) != 0) {
                        bins.delete(binKey(key, positive, b));
                    }
                }
            }
            windows.delete(key);
            resolveDetectorAlerts(version, start + settings.window());
        }
    }

    private void publish(String version, long start, PerformanceWindow w) {
        int slash = version.lastIndexOf('/');
        String model = version.substring(0, slash);
        long v = Long.parseLong(version.substring(slash + 1));
        String metricKey = version + "/" + settings.output();
        long end = start + settings.window();
        w.metrics().forEach((name, value) -> context.forward(new Record<>(metricKey, new DriftOutput.Metric(DriftMetric.newBuilder()
            .setModel(model).setModelVersion(v).setFeature(settings.output()).setKind(DriftKind.PERFORMANCE).setSegment(null)
            .setMetric(name).setValue(value).setWarningThreshold(null).setCriticalThreshold(null)
            .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
            .setReferenceCount(0).setCurrentCount(w.count()).build()), end - 1)));
    }

    /** A version's sequential detectors (null where switched off). */
    private record VersionDetectors(Adwin adwin, PageHinkley pageHinkley) { }

    /** {@code version}'s detectors, noting their store keys in {@code touched} (they are written at the batch's end). */
    private VersionDetectors detectors(String version, Set<String> touched) {
        Adwin adwin = null;
        PageHinkley ph = null;
        if (settings.adwin()) {
            adwin = (Adwin) detector(version, PerformanceMetrics.ADWIN);
            touched.add(version + "/" + PerformanceMetrics.ADWIN);
        }
        if (settings.pageHinkley()) {
            ph = (PageHinkley) detector(version, PerformanceMetrics.PAGE_HINKLEY);
            touched.add(version + "/" + PerformanceMetrics.PAGE_HINKLEY);
        }
        return new VersionDetectors(adwin, ph);
    }

    private void detect(LabelledResult r, VersionDetectors d) {
        double error = r.error();
        if (d.adwin() != null) {
            double before = d.adwin().estimation();
            if (d.adwin().update(error) && d.adwin().estimation() > before) {
                fire(r, PerformanceMetrics.ADWIN, d.adwin().estimation(), before);
            }
        }
        if (d.pageHinkley() != null) {
            double mean = d.pageHinkley().mean();
            if (d.pageHinkley().update(error)) {
                fire(r, PerformanceMetrics.PAGE_HINKLEY, error, mean);
            }
        }
    }

    private SequentialDetector detector(String version, String name) {
        String key = version + "/" + name;
        return detectorCache.computeIfAbsent(key, k -> {
            byte[] bytes = detectors.get(k);
            if (name.equals(PerformanceMetrics.ADWIN)) {
                return bytes == null ? new Adwin() : Adwin.fromBytes(bytes);
            }
            return bytes == null ? new PageHinkley(PAGE_HINKLEY) : PageHinkley.fromBytes(bytes);
        });
    }

    private String alertId(String version, String detector) {
        return version + "/" + settings.output() + "/" + detector;
    }

    private void fire(LabelledResult r, String detector, double value, double before) {
        String id = alertId(r.versionKey(), detector);
        boolean active = detectorAlerts.get(id) != null;
        detectorAlerts.put(id, r.time());
        if (active) {
            return;
        }
        long start = r.time() - Math.floorMod(r.time(), settings.window());
        String message = String.format(Locale.ROOT, "concept drift of %s v%d: %s detected a rise of the per-record error |label - %s| "
            + "(%.4f, was %.4f)", r.model(), r.version(), detector.equals(PerformanceMetrics.ADWIN) ? "ADWIN" : "Page-Hinkley",
            settings.output(), value, before);
        forwardAlert(id, r.model(), r.version(), detector, Severity.WARNING, AlertStatus.FIRING, value, before, start, message, r.time());
    }

    private void resolveDetectorAlerts(String version, long windowEnd) {
        int slash = version.lastIndexOf('/');
        for (String detector : List.of(PerformanceMetrics.ADWIN, PerformanceMetrics.PAGE_HINKLEY)) {
            String id = alertId(version, detector);
            Long last = detectorAlerts.get(id);
            if (last != null && windowEnd >= last + settings.clearAfter() * settings.window()) {
                detectorAlerts.delete(id);
                long start = windowEnd - settings.window();
                String model = version.substring(0, slash);
                long v = Long.parseLong(version.substring(slash + 1));
                String message = String.format(Locale.ROOT, "concept drift of %s v%d resolved: no %s detection for %d windows", model, v,
                    detector, settings.clearAfter());
                forwardAlert(id, model, v, detector, Severity.INFO, AlertStatus.RESOLVED, 0, 0, start, message, windowEnd - 1);
            }
        }
    }

    private void forwardAlert(String id, String model, long version, String detector, Severity severity, AlertStatus status, double value,
                              double threshold, long start, String message, long timestamp) {
        DriftAlert alert = DriftAlert.newBuilder().setAlertId(id).setModel(model).setModelVersion(version).setFeature(settings.output())
            .setSegment(null).setMetric(detector).setSeverity(severity).setStatus(status).setValue(value).setThreshold(threshold)
            .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + settings.window()))
            .setMessage(message).setFiredAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(id, new DriftOutput.Alert(alert), timestamp));
    }
}
