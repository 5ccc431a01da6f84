package io.inferstream.ops.dashboard;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.avro.Severity;
import java.time.Instant;

/** Records of the followed topics, as the drift topology and the model managers write them. */
final class DashboardRecords {

    private DashboardRecords() {
    }

    static DriftMetric metric(String feature, String metric, long windowEndSeconds, double value, String segment) {
        return DriftMetric.newBuilder().setModel("ctr").setModelVersion(1).setFeature(feature).setKind(DriftKind.FEATURE)
            .setSegment(segment).setMetric(metric).setValue(value).setWarningThreshold(0.1).setCriticalThreshold(0.2)
            .setWindowStart(Instant.ofEpochSecond(windowEndSeconds - 60)).setWindowEnd(Instant.ofEpochSecond(windowEndSeconds))
            .setReferenceCount(1000).setCurrentCount(500).build();
    }

    static DriftAlert alert(String feature, AlertStatus status, Severity severity, long firedAtSeconds) {
        return DriftAlert.newBuilder().setAlertId("ctr/1/" + feature + "//psi").setModel("ctr").setModelVersion(1)
            .setFeature(feature).setMetric("psi").setSeverity(severity).setStatus(status).setValue(0.3).setThreshold(0.2)
            .setWindowStart(Instant.ofEpochSecond(firedAtSeconds - 60)).setWindowEnd(Instant.ofEpochSecond(firedAtSeconds))
            .setMessage(feature + " drifts").setFiredAt(Instant.ofEpochSecond(firedAtSeconds)).build();
    }

    static ModelEvent event(ModelEventType type, Long version, String instance, Double share, long atSeconds) {
        return ModelEvent.newBuilder().setModel("ctr").setVersion(version).setType(type).setShare(share)
            .setReason("").setInstance(instance).setSignature("").setTimestamp(Instant.ofEpochSecond(atSeconds)).build();
    }
}
