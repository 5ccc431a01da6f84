package io.inferstream.ops.alerts;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.Severity;
import java.time.Instant;

/** DriftAlert records for tests. */
public final class DriftAlerts {

    private DriftAlerts() {
    }

    /** An alert on {@code model} v2's feature {@code age}, psi, window [t0, t0 + 5 min), changed at {@code firedAt}. */
    public static DriftAlert alert(String model, String segment, Severity severity, AlertStatus status, Instant firedAt) {
        String id = model + "/2/age/" + (segment == null ? "" : segment) + "/psi";
        return DriftAlert.newBuilder()
            .setAlertId(id)
            .setModel(model)
            .setModelVersion(2)
            .setFeature("age")
            .setSegment(segment)
            .setMetric("psi")
            .setSeverity(severity)
            .setStatus(status)
            .setValue(0.153)
            .setThreshold(0.1)
            .setWindowStart(firedAt.minusSeconds(300))
            .setWindowEnd(firedAt)
            .setMessage(status == AlertStatus.FIRING ? "psi 0.153 over 0.1 for 2 windows" : "")
            .setFiredAt(firedAt)
            .build();
    }
}
