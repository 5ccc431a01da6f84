package io.inferstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DriftGaugesTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final DriftGauges gauges = new DriftGauges(meters);

    private static DriftMetric metric(String feature, String segment, String name, double value) {
        return DriftMetric.newBuilder().setModel("ctr").setModelVersion(1).setFeature(feature).setKind(DriftKind.FEATURE)
            .setSegment(segment).setMetric(name).setValue(value).setWarningThreshold(0.1).setCriticalThreshold(0.25)
            .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.ofEpochSecond(60)).build();
    }

    private static DriftAlert alert(String id, String model, Severity severity, AlertStatus status) {
        return DriftAlert.newBuilder().setAlertId(id).setModel(model).setModelVersion(1).setFeature("f0").setSegment(null)
            .setMetric("psi").setSeverity(severity).setStatus(status).setValue(0.3).setThreshold(0.25)
            .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.ofEpochSecond(60)).setMessage("").setFiredAt(Instant.EPOCH).build();
    }

    private double value(String feature, String name) {
        return meters.get(DriftGauges.METRIC).tags("model", "ctr", "version", "1", "feature", feature, "metric", name).gauge().value();
    }

    private double open(String model, String severity) {
        return meters.get(DriftGauges.ALERTS_OPEN).tags("model", model, "severity", severity).gauge().value();
    }

    @Test
    void shouldKeepTheLatestValueOfEachStatistic() {
        gauges.apply(metric("f0", null, "psi", 0.02));
        gauges.apply(metric("f0", null, "ks", 0.1));
        gauges.apply(metric("f0", null, "psi", 0.3));

        assertThat(value("f0", "psi")).isEqualTo(0.3);
        assertThat(value("f0", "ks")).isEqualTo(0.1);
    }

    @Test
    void shouldLeaveSegmentedStatisticsToTheTopic() {
        gauges.apply(metric("f0", "mobile", "psi", 0.9));
        assertThat(meters.find(DriftGauges.METRIC).gauges()).isEmpty();
    }

    @Test
    void shouldPassNaNThrough() {
        gauges.apply(metric("f0", null, "ks_p_value", Double.NaN));
        assertThat(value("f0", "ks_p_value")).isNaN();
    }

    @Test
    void shouldCountFiringAlertsPerModelAndSeverityAndDropToZeroWhenResolved() {
        gauges.apply(alert("a", "ctr", Severity.WARNING, AlertStatus.FIRING));
        gauges.apply(alert("b", "ctr", Severity.WARNING, AlertStatus.FIRING));
        gauges.apply(alert("c", "other", Severity.CRITICAL, AlertStatus.FIRING));
        assertThat(open("ctr", "warning")).isEqualTo(2);
        assertThat(open("ctr", "critical")).isZero();
        assertThat(open("other", "critical")).isEqualTo(1);

        gauges.apply(alert("a", "ctr", Severity.CRITICAL, AlertStatus.FIRING));
        assertThat(open("ctr", "warning")).isEqualTo(1);
        assertThat(open("ctr", "critical")).isEqualTo(1);

        gauges.apply(alert("a", "ctr", Severity.CRITICAL, AlertStatus.RESOLVED));
        gauges.apply(alert("b", "ctr", Severity.WARNING, AlertStatus.RESOLVED));
        assertThat(open("ctr", "warning")).isZero();
        assertThat(open("ctr", "critical")).isZero();
        assertThat(open("other", "critical")).isEqualTo(1);
    }
}
