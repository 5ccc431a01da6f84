package io.inferstream.ops.dashboard;

import static io.inferstream.ops.dashboard.DashboardRecords.alert;
import static io.inferstream.ops.dashboard.DashboardRecords.event;
import static io.inferstream.ops.dashboard.DashboardRecords.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.ModelEventType;
import io.inferstream.avro.Severity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded histories behind the dashboard's drift charts, alert tables and model panel. */
class DashboardBoardsTest {

    @Test
    void shouldKeepTheLastPointsOfEachSeriesInWindowOrder() {
        DriftHistory h = new DriftHistory(3, 10);
        for (long w = 1; w <= 5; w++) {
            h.add(metric("f0", "psi", w * 60, w / 10.0, null));
        }
        h.add(metric("f0", "psi", 3 * 60, 0.33, null));

        DriftHistory.Series s = h.snapshot().get(0);

        assertThat(s.t()).containsExactly(180.0, 240.0, 300.0);
        assertThat(s.v()).containsExactly(0.33, 0.4, 0.5);
        assertThat(s.warning()).isEqualTo(0.1);
        assertThat(s.critical()).isEqualTo(0.2);
        assertThat(s.kind()).isEqualTo("FEATURE");
    }

    @Test
    void shouldSkipSegmentsAndLimitTheNumberOfSeries() {
        DriftHistory h = new DriftHistory(5, 2);
        h.add(metric("f0", "psi", 60, 0.1, "segment-a"));
        h.add(metric("f1", "psi", 60, 0.1, null));
        h.add(metric("f0", "psi", 60, 0.1, null));
        h.add(metric("f2", "psi", 60, 0.1, null));

        assertThat(h.snapshot()).extracting(DriftHistory.Series::feature).containsExactly("f0", "f1");
    }

    @Test
    void shouldAnswerUndefinedValuesAsGaps() {
        DriftHistory h = new DriftHistory(5, 5);
        h.add(metric("f0", "ks_p_value", 60, Double.NaN, null));

        assertThat(h.snapshot().get(0).v()).containsExactly((Double) null);
        assertThat(new DriftHistory(1, 1).snapshot()).isEmpty();
        assertThatThrownBy(() -> new DriftHistory(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepFiringAlertsOpenAndRecentChangesNewestFirst() {
        AlertBoard board = new AlertBoard(2);
        board.add(alert("f0", AlertStatus.FIRING, Severity.WARNING, 100));
        board.add(alert("f1", AlertStatus.FIRING, Severity.CRITICAL, 110));
        board.add(alert("f0", AlertStatus.RESOLVED, Severity.WARNING, 120));

        AlertBoard.Board b = board.board();

        assertThat(b.open()).extracting(AlertBoard.Alert::feature).containsExactly("f1");
        assertThat(b.recent()).extracting(a -> a.feature() + " " + a.status()).containsExactly("f0 RESOLVED", "f1 FIRING");
        assertThat(new AlertBoard(1).board().open()).isEmpty();
    }

    @Test
    void shouldRememberWhenAnEscalatedAlertStartedFiring() {
        AlertBoard board = new AlertBoard(5);
        board.add(alert("f0", AlertStatus.FIRING, Severity.WARNING, 100));
        board.add(alert("f0", AlertStatus.FIRING, Severity.CRITICAL, 160));

        AlertBoard.Alert open = board.board().open().get(0);

        assertThat(open.severity()).isEqualTo("CRITICAL");
        assertThat(open.since()).isEqualTo("1970-01-01T00:01:40Z");
    }

    @Test
    void shouldKeepEachInstancesLatestReportPerVersionAndTheLatestCommands() {
        ModelBoard board = new ModelBoard(2);
        board.add(event(ModelEventType.DEPLOYED, 1L, "host-a:8080", null, 10));
        board.add(event(ModelEventType.DEPLOYED, 2L, "host-a:8080", null, 20));
        board.add(event(ModelEventType.UNLOADED, 1L, "host-a:8080", null, 30));
        board.add(event(ModelEventType.DEPLOYED, 2L, "host-b:8080", null, 31));
        board.add(event(ModelEventType.PIN, 2L, "", null, 40));
        board.add(event(ModelEventType.SET_CANARY, 3L, "", 0.1, 50));
        board.add(event(ModelEventType.SET_SHADOW, 3L, "", null, 60));
        board.add(event(ModelEventType.UNKNOWN, 9L, "", null, 70));

        List<ModelBoard.Model> models = board.models();

        assertThat(models).hasSize(1);
        assertThat(models.get(0).reports()).extracting(r -> r.version() + " " + r.instance() + " " + r.state())
            .containsExactly("1 host-a:8080 UNLOADED", "2 host-a:8080 DEPLOYED", "2 host-b:8080 DEPLOYED");
        assertThat(models.get(0).commands()).extracting(ModelBoard.Command::type).containsExactly("SET_SHADOW", "SET_CANARY");
        assertThat(Arrays.asList(models.get(0).commands().get(1).share())).containsExactly(0.1);
    }
}
