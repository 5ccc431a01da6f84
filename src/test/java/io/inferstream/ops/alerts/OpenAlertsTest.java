package io.inferstream.ops.alerts;

import static io.inferstream.ops.alerts.DriftAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {

    private static final Instant T = Instant.parse("2026-11-28T16:05:00Z");

    @Test
    void shouldStartEmpty() {
        OpenAlerts open = new OpenAlerts();
        assertThat(open.size()).isZero();
        assertThat(open.open()).isEmpty();
    }

    @Test
    void shouldKeepTheEpisodeStartThroughEscalationAndResolution() {
        OpenAlerts open = new OpenAlerts();
        assertThat(open.apply(alert("ctr", null, Severity.WARNING, AlertStatus.FIRING, T))).isEqualTo(T);
        assertThat(open.apply(alert("ctr", null, Severity.CRITICAL, AlertStatus.FIRING, T.plusSeconds(300)))).isEqualTo(T);
        assertThat(open.size()).isEqualTo(1);
        assertThat(open.open()).singleElement().satisfies(o -> {
            assertThat(o.since()).isEqualTo(T);
            assertThat(o.latest().getSeverity()).isEqualTo(Severity.CRITICAL);
        });

        assertThat(open.apply(alert("ctr", null, Severity.CRITICAL, AlertStatus.RESOLVED, T.plusSeconds(900)))).isEqualTo(T);
        assertThat(open.size()).isZero();
    }

    @Test
    void shouldCountAlertsByIdAndStartAnUnseenResolutionAtItsOwnTime() {
        OpenAlerts open = new OpenAlerts();
        open.apply(alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, T));
        open.apply(alert("ctr", "desktop", Severity.WARNING, AlertStatus.FIRING, T));
        assertThat(open.size()).isEqualTo(2);

        Instant later = T.plusSeconds(600);
        assertThat(open.apply(alert("fraud", null, Severity.WARNING, AlertStatus.RESOLVED, later))).isEqualTo(later);
        assertThat(open.size()).isEqualTo(2);
        // A new episode after a resolution starts afresh.
        open.apply(alert("ctr", "mobile", Severity.WARNING, AlertStatus.RESOLVED, later));
        assertThat(open.apply(alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, later.plusSeconds(60))))
            .isEqualTo(later.plusSeconds(60));
    }
}
