package io.inferstream.ops.alerts;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts firing now, by alert id, built from the {@code model-drift-alerts} topic's changes. It also remembers
 * when each alert started firing, because a RESOLVED record (or an escalation from WARNING to CRITICAL) carries only
 * the time of its own change, while Alertmanager's {@code startsAt} is the start of the whole episode.
 * Not thread-safe: one consumer thread owns it.
 */
public final class OpenAlerts {

    /**
     * An alert that fires.
     *
     * @param latest its latest record
     * @param since when it started firing
     */
    public record Open(DriftAlert latest, Instant since) {
    }

    private final Map<String, Open> open = new TreeMap<>();

    /**
     * Applies one change and returns when the alert's episode started: the first FIRING record's {@code firedAt} as
     * far as this table has seen it, else this record's {@code firedAt} (a RESOLVED record whose FIRING one was
     * compacted away, or never seen with {@code --from-now}).
     */
    public Instant apply(DriftAlert alert) {
        Open before = open.get(alert.getAlertId());
        Instant since = before == null ? alert.getFiredAt() : before.since();
        if (alert.getStatus() == AlertStatus.FIRING) {
            open.put(alert.getAlertId(), new Open(alert, since));
        } else {
            open.remove(alert.getAlertId());
        }
        return since;
    }

    /** How many alerts fire. */
    public int size() {
        return open.size();
    }

    /** The firing alerts, by alert id. */
    public Collection<Open> open() {
        return Collections.unmodifiableCollection(open.values());
    }
}
