package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.Severity;
import io.inferstream.ops.alerts.DriftAlerts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertLinesTest {

    private static final Instant T = Instant.parse("2026-11-28T16:05:00Z");

    @Test
    void shouldPrintAnAlertOnOneLineWithoutAnEmptyMessage() {
        assertThat(AlertLines.alert(DriftAlerts.alert("ctr", null, Severity.CRITICAL, AlertStatus.RESOLVED, T)))
            .isEqualTo("RESOLVED CRITICAL ctr v2 age: psi 0.153 (threshold 0.1), window 2026-11-28T16:00:00Z .. "
                + "2026-11-28T16:05:00Z, fired 2026-11-28T16:05:00Z");
    }

    @Test
    void shouldPrintAMetricWithItsLevelsAndSampleSizes() {
        DriftMetric m = DriftMetric.newBuilder().setModel("ctr").setModelVersion(1).setFeature("score")
            .setKind(DriftKind.PREDICTION).setSegment("mobile").setMetric("ks_p_value").setValue(0.000123456)
            .setWarningThreshold(0.05).setCriticalThreshold(null).setWindowStart(T.minusSeconds(300)).setWindowEnd(T)
            .setReferenceCount(30_000).setCurrentCount(1_000).build();
        assertThat(AlertLines.metric(m)).isEqualTo("METRIC   PREDICTION ctr v1 score segment=mobile: ks_p_value 0.0001235 "
            + "(warning 0.05, critical -), window 2026-11-28T16:00:00Z .. 2026-11-28T16:05:00Z, n 1000 vs reference 30000");
    }

    @Test
    void shouldRoundNumbersToFourSignificantDigits() {
        assertThat(AlertLines.number(0.15349)).isEqualTo("0.1535");
        assertThat(AlertLines.number(0)).isEqualTo("0");
        assertThat(AlertLines.number(250)).isEqualTo("250");
        assertThat(AlertLines.number(1e-9)).isEqualTo("1E-9");
        assertThat(AlertLines.number(Double.NaN)).isEqualTo("NaN");
        assertThat(AlertLines.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void shouldSayHowManyAlertsAreOpen() {
        assertThat(AlertLines.openSummary(0)).isEqualTo("0 alerts open");
        assertThat(AlertLines.openSummary(1)).isEqualTo("1 alert open");
        assertThat(AlertLines.openSummary(12)).isEqualTo("12 alerts open");
    }
}
