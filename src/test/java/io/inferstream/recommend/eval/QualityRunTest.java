package io.inferstream.recommend.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.EventType;
import io.inferstream.avro.UserEvent;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.UserAdaptation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityRunTest {

    private static UserEvent event(String user, String item) {
        return new UserEvent(user, item, EventType.VIEW, 1.0, Instant.EPOCH, null);
    }

    private static final QualityOptions NO_OFFLINE = QualityOptions.defaults().withoutOffline();

    @Test
    void shouldReportNothingForAnEmptyStream() {
        QualityReport report = QualityRun.evaluate(List.of(), -1, MfSettings.defaults(), QualityOptions.defaults());
        assertThat(report.events()).isZero();
        assertThat(report.recall()).isNaN();
        assertThat(report.buckets()).isEmpty();
        assertThat(report.shift()).isNull();
    }

    @Test
    void shouldNeverCountTheFirstEventAsAHit() {
        QualityReport report = QualityRun.evaluate(List.of(event("u1", "i1")), -1, MfSettings.defaults(), NO_OFFLINE);
        assertThat(report.recall()).isZero();
        assertThat(report.popularityRecall()).isZero();
    }

    @Test
    void shouldCountAPopularItemAsAHitForTheNextUserButNotForOneWhoHasSeenIt() {
        // u1 and u2 view i1; u3 then views i1 (popular, unseen by u3: hit); u1 views i1 again (seen: no hit).
        List<UserEvent> events = List.of(event("u1", "i1"), event("u2", "i1"), event("u3", "i1"), event("u1", "i1"));
        QualityReport report = QualityRun.evaluate(events, -1, MfSettings.defaults(), NO_OFFLINE);
        // Popularity: miss (nothing known), hit, hit, miss (seen).
        assertThat(report.popularityRecall()).isEqualTo(0.5);
        // Online: new users get popular items, so the same two hits.
        assertThat(report.recall()).isEqualTo(0.5);
    }

    @Test
    void shouldEvaluateTheOfflineModelOnlyAfterItsTrainingPrefix() {
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(event("u" + (i % 10), "i" + (i % 7)));
        }
        QualityReport report = QualityRun.evaluate(events, -1, MfSettings.defaults(), QualityOptions.defaults());
        assertThat(report.offlineTrainEvents()).isEqualTo(80);
        assertThat(report.offlineRecall()).isBetween(0.0, 1.0);
        assertThat(report.onlineRecallOnOfflineEvents()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldMeasureRecoveryAgainstThePreShiftLevel() {
        // Before the shift everyone views i1 (hits after the first), after it each event is a new item (never a hit).
        List<UserEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("u" + i, "i1"));
        }
        for (int i = 0; i < 200; i++) {
            events.add(event("v" + i, "new" + i));
        }
        QualityReport report = QualityRun.evaluate(events, 200, MfSettings.defaults(), NO_OFFLINE);
        QualityReport.ShiftRecovery shift = report.shift();
        assertThat(shift.preShiftRecall()).isEqualTo(1.0);
        assertThat(shift.lowestRecall()).isZero();
        assertThat(shift.recovered()).isFalse();
        assertThat(shift.recoveryFraction()).isEqualTo(1.0);
        assertThat(shift.windowEvents()).isEqualTo(4);
    }

    @Test
    void shouldRejectInvalidOptions() {
        assertThatThrownBy(() -> new QualityOptions(0, 0.8, 10, 1, 1, 50, 0.02, 5, 0.1, UserAdaptation.defaults())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityOptions.defaults().withOffline(1.0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityOptions.defaults().withOfflineRegularization(Double.NaN, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QualityOptions.defaults().withAdaptation(null)).isInstanceOf(NullPointerException.class);
    }
}
