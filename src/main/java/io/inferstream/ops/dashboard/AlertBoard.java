package io.inferstream.ops.dashboard;

import io.inferstream.avro.DriftAlert;
import io.inferstream.ops.alerts.OpenAlerts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The drift alerts for the dashboard: those firing now (built from the compacted {@code model-drift-alerts} topic's
 * changes by {@link OpenAlerts}) and the most recent changes, newest first. Thread-safe.
 */
public final class AlertBoard {

    /**
     * One alert as the page shows it.
     *
     * @param status FIRING or RESOLVED
     * @param since  when the alert started firing (for open ones), ISO-8601
     * @param at     when this change happened, ISO-8601
     */
    public record Alert(String alertId, String model, long version, String feature, String metric, String severity,
                        String status, Double value, double threshold, String message, String since, String at) {
    }

    /** What {@code /api/dashboard/alerts} answers. */
    public record Board(List<Alert> open, List<Alert> recent) {
    }

    private final int recentMax;
    private final OpenAlerts open = new OpenAlerts();
    private final Deque<Alert> recent = new ArrayDeque<>();

    public AlertBoard(int recentMax) {
        if (recentMax < 1) {
            throw new IllegalArgumentException("recentMax must be >= 1, got " + recentMax);
        }
        this.recentMax = recentMax;
    }

    public synchronized void add(DriftAlert a) {
        java.time.Instant since = open.apply(a);
        recent.addFirst(alert(a, since));
        while (recent.size() > recentMax) {
            recent.removeLast();
        }
    }

    public synchronized Board board() {
        List<Alert> firing = new ArrayList<>();
        open.open().forEach(o -> firing.add(alert(o.latest(), o.since())));
        return new Board(firing, List.copyOf(recent));
    }

    private static Alert alert(DriftAlert a, java.time.Instant since) {
        return new Alert(a.getAlertId(), a.getModel(), a.getModelVersion(), a.getFeature(), a.getMetric(),
            a.getSeverity().name(), a.getStatus().name(), Double.isFinite(a.getValue()) ? a.getValue() : null,
            a.getThreshold(), a.getMessage(), since.toString(), a.getFiredAt().toString());
    }
}
