package io.inferstream.ops.alerts;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps {@link DriftAlert} records to Alertmanager webhook alerts and notifications
 * (<a href="https://prometheus.io/docs/alerting/latest/configuration/#webhook_config">format</a>).
 *
 * <p>Labels: {@code alertname} (default {@value #DEFAULT_ALERT_NAME}), {@code model}, {@code version},
 * {@code feature}, {@code segment} (only when the alert has one: Prometheus treats an empty label as absent),
 * {@code metric}, {@code severity} (lower case: {@code info}, {@code warning}, {@code critical}, the usual routing
 * values). Annotations: {@code summary}, {@code description}, {@code value}, {@code threshold}, {@code alert_id},
 * {@code window_start}, {@code window_end}.
 *
 * <p>The fingerprint is derived from the alert id only (FNV-1a 64 bit, 16 hex digits, the hash and form of
 * Alertmanager's own label-set fingerprints), not from all labels as Alertmanager does: the severity label changes
 * when a warning escalates to critical, and a receiver must still see one alert, not two.
 *
 * <p>Notifications group alerts by {@code alertname} and {@code model}, so a receiver can route per model.
 */
public final class DriftAlertMapper {

    /** Default {@code alertname} label. */
    public static final String DEFAULT_ALERT_NAME = "InferstreamDrift";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final String alertName;
    private final String receiver;
    private final String externalUrl;

    /**
     * @param alertName value of the {@code alertname} label
     * @param receiver value of the notification's {@code receiver}
     * @param externalUrl the notification's {@code externalURL} and each alert's {@code generatorURL} (may be empty)
     */
    public DriftAlertMapper(String alertName, String receiver, String externalUrl) {
        if (alertName == null || alertName.isBlank()) {
            throw new IllegalArgumentException("alert name must not be blank");
        }
        this.alertName = alertName;
        this.receiver = receiver == null ? "" : receiver;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
    }

    /**
     * One alert.
     *
     * @param alert the record
     * @param startedAt when the alert's episode started ({@link OpenAlerts#apply}); {@code startsAt}
     */
    public AlertmanagerAlert alert(DriftAlert alert, Instant startedAt) {
        boolean firing = alert.getStatus() == AlertStatus.FIRING;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName);
        labels.put("model", alert.getModel());
        labels.put("version", Long.toString(alert.getModelVersion()));
        labels.put("feature", alert.getFeature());
        if (alert.getSegment() != null && !alert.getSegment().isEmpty()) {
            labels.put("segment", alert.getSegment());
        }
        labels.put("metric", alert.getMetric());
        labels.put("severity", alert.getSeverity().name().toLowerCase(Locale.ROOT));
        String summary = summary(alert);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", alert.getMessage() == null || alert.getMessage().isBlank() ? summary
            : alert.getMessage());
        annotations.put("value", Double.toString(alert.getValue()));
        annotations.put("threshold", Double.toString(alert.getThreshold()));
        annotations.put("alert_id", alert.getAlertId());
        annotations.put("window_start", rfc3339(alert.getWindowStart()));
        annotations.put("window_end", rfc3339(alert.getWindowEnd()));
        Instant start = startedAt.isAfter(alert.getFiredAt()) ? alert.getFiredAt() : startedAt;
        return new AlertmanagerAlert(firing ? AlertmanagerAlert.FIRING : AlertmanagerAlert.RESOLVED, labels, annotations,
            rfc3339(start), firing ? AlertmanagerAlert.ZERO_TIME : rfc3339(alert.getFiredAt()), externalUrl,
            fingerprint(alert.getAlertId()));
    }

    /**
     * Notifications for a batch of alerts, one per model (in order of first appearance). Where an alert changed
     * more than once in the batch only its latest state is sent, as Alertmanager does: a notification tells the
     * current state of its group.
     */
    public List<AlertmanagerPayload> notifications(List<AlertmanagerAlert> batch) {
        Map<String, AlertmanagerAlert> latest = new LinkedHashMap<>();
        for (AlertmanagerAlert a : batch) {
            latest.remove(a.fingerprint()); // re-insert: the latest change decides the order too
            latest.put(a.fingerprint(), a);
        }
        Map<String, List<AlertmanagerAlert>> byModel = new LinkedHashMap<>();
        for (AlertmanagerAlert a : latest.values()) {
            byModel.computeIfAbsent(a.labels().get("model"), m -> new ArrayList<>()).add(a);
        }
        List<AlertmanagerPayload> out = new ArrayList<>();
        byModel.forEach((model, alerts) -> out.add(AlertmanagerPayload.of(receiver, externalUrl,
            Map.of("alertname", alertName, "model", model), alerts)));
        return out;
    }

    /** A one-line summary: {@code WARNING psi of ctr v2 age [segment mobile] = 0.153 (threshold 0.1)}. */
    static String summary(DriftAlert a) {
        String segment = a.getSegment() == null || a.getSegment().isEmpty() ? "" : " segment " + a.getSegment();
        String verb = a.getStatus() == AlertStatus.FIRING ? "" : "resolved: ";
        return verb + a.getSeverity() + " " + a.getMetric() + " of " + a.getModel() + " v" + a.getModelVersion() + " "
            + a.getFeature() + segment + " = " + a.getValue() + " (threshold " + a.getThreshold() + ")";
    }

    /** RFC 3339 in UTC ({@code 2026-11-28T16:05:00Z}, with fractions only where the instant has them). */
    public static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** FNV-1a 64 of the alert id's UTF-8 bytes as 16 hex digits: a fingerprint that never changes for one alert. */
    public static String fingerprint(String alertId) {
        long h = FNV_OFFSET;
        for (byte b : alertId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return String.format("%016x", h);
    }
}
