package io.inferstream.ops.dashboard;

import io.inferstream.avro.DriftMetric;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent drift statistics per monitored quantity, for the dashboard's charts: the last {@code perSeries} windows
 * of every model, version, feature and metric, with the metric's thresholds. Only all-traffic statistics are kept
 * (segment null): per-segment series multiply the count by the segments' values and the page does not chart them.
 * Bounded in both directions (series and points), since it lives as long as the instance. Thread-safe.
 */
public final class DriftHistory {

    private static final Logger log = LoggerFactory.getLogger(DriftHistory.class);

    /**
     * One series.
     *
     * @param warning  the metric's warning threshold (latest window's), null when it does not alert
     * @param critical the critical threshold, null when it does not alert
     * @param t        window ends, epoch seconds, ascending
     * @param v        values (null where undefined, NaN in the record)
     */
    public record Series(String model, long version, String feature, String kind, String metric, Double warning,
                         Double critical, List<Double> t, List<Double> v) {
    }

    private record Key(String model, long version, String feature, String metric) {
    }

    private record Point(long windowEndMillis, double value) {
    }

    private static final class Line {
        final String kind;
        Double warning;
        Double critical;
        final Deque<Point> points = new ArrayDeque<>();

        Line(String kind) {
            this.kind = kind;
        }
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::model).thenComparingLong(Key::version)
        .thenComparing(Key::feature).thenComparing(Key::metric);

    private final int perSeries;
    private final int maxSeries;
    private final Map<Key, Line> series = new LinkedHashMap<>();
    private boolean warnedFull;

    public DriftHistory(int perSeries, int maxSeries) {
        if (perSeries < 1 || maxSeries < 1) {
            throw new IllegalArgumentException("perSeries and maxSeries must be >= 1");
        }
        this.perSeries = perSeries;
        this.maxSeries = maxSeries;
    }

    /** Adds one window's statistic; a window seen again (a replayed record) replaces the earlier value. */
    public synchronized void add(DriftMetric m) {
        Objects.requireNonNull(m, "metric");
        if (m.getSegment() != null) {
            return;
        }
        Key key = new Key(m.getModel(), m.getModelVersion(), m.getFeature(), m.getMetric());
        Line line = series.get(key);
        if (line == null) {
            if (series.size() >= maxSeries) {
                if (!warnedFull) {
                    warnedFull = true;
                    log.warn("Dashboard drift history holds {} series, its limit: further series are not charted", maxSeries);
                }
                return;
            }
            line = new Line(m.getKind().name());
            series.put(key, line);
        }
        line.warning = m.getWarningThreshold();
        line.critical = m.getCriticalThreshold();
        insert(line.points, new Point(m.getWindowEnd().toEpochMilli(), m.getValue()));
        while (line.points.size() > perSeries) {
            line.points.removeFirst();
        }
    }

    /** Windows arrive in order almost always; a late or repeated one goes to its place. */
    private static void insert(Deque<Point> points, Point p) {
        if (points.isEmpty() || points.peekLast().windowEndMillis() < p.windowEndMillis()) {
            points.addLast(p);
            return;
        }
        List<Point> all = new ArrayList<>(points);
        all.removeIf(q -> q.windowEndMillis() == p.windowEndMillis());
        all.add(p);
        all.sort(Comparator.comparingLong(Point::windowEndMillis));
        points.clear();
        points.addAll(all);
    }

    /** Every series, ordered by model, version, feature, metric. */
    public synchronized List<Series> snapshot() {
        List<Series> out = new ArrayList<>();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER)).forEach(e -> {
            Key k = e.getKey();
            Line line = e.getValue();
            List<Double> t = new ArrayList<>(line.points.size());
            List<Double> v = new ArrayList<>(line.points.size());
            for (Point p : line.points) {
                t.add(p.windowEndMillis() / 1000.0);
                v.add(Double.isFinite(p.value()) ? p.value() : null);
            }
            out.add(new Series(k.model(), k.version(), k.feature(), line.kind, k.metric(), finite(line.warning),
                finite(line.critical), t, v));
        });
        return out;
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) ? null : d;
    }
}
