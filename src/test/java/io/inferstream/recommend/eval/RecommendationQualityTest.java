package io.inferstream.recommend.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.UserAdaptation;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three quality targets at the small size (500 users, 300 items, 30k events) with the default settings
 * (the closed-form user refit of {@link UserAdaptation#defaults()}): recall@10 at least twice the popularity
 * baseline's, within 15% of the offline MF on the same events, and after a full preference redraw half way recall
 * back within 10% of its pre-shift level within the first 20% of the post-shift events. Plain ISGD is kept as the
 * reference that fails the last one. The defaults meet all three at the benchmark size too (5k users, 2k items,
 * 300k events; {@link BenchmarkQualityManualTest}, a few minutes per seed).
 */
class RecommendationQualityTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldMeetAllThreeTargetsWithTheDefaults(long seed) {
        QualityReport report = QualityRun.run(SyntheticSettings.small(seed), MfSettings.defaults());

        assertThat(report.events()).isEqualTo(30_000);
        assertThat(report.recall()).isGreaterThanOrEqualTo(2 * report.popularityRecall());
        assertThat(report.onlineRecallOnOfflineEvents()).isGreaterThanOrEqualTo(0.85 * report.offlineRecall());
        // Not a degenerate pass: every model recommends something useful.
        assertThat(report.popularityRecall()).isGreaterThan(0.02);
        assertThat(report.offlineRecall()).isGreaterThan(2 * report.popularityRecall());
        assertThat(report.buckets()).hasSize(50);
        assertThat(report.shift()).isNull();

        SyntheticSettings shifted = SyntheticSettings.small(seed).withShiftAtFraction(0.5);
        QualityReport.ShiftRecovery shift = QualityRun.run(shifted, MfSettings.defaults(),
            QualityOptions.defaults().withoutOffline()).shift();
        assertThat(shift.shiftAt()).isEqualTo(15_000);
        assertThat(shift.windows()).hasSize(50);
        // The shift really hurts (a full redraw), and recall still comes back in time.
        assertThat(shift.lowestRecall()).isLessThan(0.5 * shift.preShiftRecall());
        assertThat(shift.recovered()).isTrue();
        assertThat(shift.recoveryFraction()).isLessThanOrEqualTo(0.20);
    }

    @Test
    void shouldNotRecoverFromAFullPreferenceRedrawWithPlainIsgd() {
        SyntheticSettings data = SyntheticSettings.small(1).withShiftAtFraction(0.5);
        QualityOptions plain = QualityOptions.defaults().withoutOffline().withAdaptation(UserAdaptation.none());
        QualityReport report = QualityRun.run(data, MfSettings.defaults(), plain);

        QualityReport.ShiftRecovery shift = report.shift();
        assertThat(shift.windowEvents()).isEqualTo(300);
        assertThat(shift.lowestRecall()).isLessThan(0.5 * shift.preShiftRecall());
        assertThat(shift.recoveryFraction()).isGreaterThan(0.20);
        assertThat(report.offlineRecall()).isNaN();
    }
}
