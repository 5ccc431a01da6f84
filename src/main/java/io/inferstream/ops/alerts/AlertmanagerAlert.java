package io.inferstream.ops.alerts;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of {@link AlertmanagerPayload#alerts()}, field for field as Alertmanager's webhook receiver sends it
 * (<a href="https://prometheus.io/docs/alerting/latest/configuration/#webhook_config">webhook_config</a>).
 *
 * @param status {@code firing} or {@code resolved}
 * @param labels identifying labels (sorted by name, as Alertmanager prints them)
 * @param annotations descriptive, non-identifying information
 * @param startsAt RFC 3339 time the alert started firing
 * @param endsAt RFC 3339 time it resolved; {@link #ZERO_TIME} while firing (Go's zero time, which Alertmanager sends)
 * @param generatorURL link to what produced the alert (may be empty)
 * @param fingerprint stable id of the alert across its firing and resolved notifications (16 hex digits)
 */
public record AlertmanagerAlert(String status, Map<String, String> labels, Map<String, String> annotations,
        String startsAt, String endsAt, String generatorURL, String fingerprint) {

    /** {@code status} of an alert that is firing. */
    public static final String FIRING = "firing";
    /** {@code status} of an alert that has resolved. */
    public static final String RESOLVED = "resolved";
    /** {@code endsAt} of a firing alert: Go's zero {@code time.Time} in RFC 3339, as Alertmanager sends it. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public AlertmanagerAlert {
        if (!FIRING.equals(status) && !RESOLVED.equals(status)) {
            throw new IllegalArgumentException("status must be firing or resolved: " + status);
        }
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(generatorURL, "generatorURL");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** True while the alert fires. */
    public boolean firing() {
        return FIRING.equals(status);
    }
}
