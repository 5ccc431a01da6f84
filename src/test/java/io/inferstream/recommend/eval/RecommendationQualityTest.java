package io.inferstream.recommend.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The quality targets at the small size (500 users, 300 items, 30k events) with the default settings. The
 * shift-recovery target (back within 10% of the pre-shift level within 20% of the post-shift events) is not met
 * by plain ISGD on a full preference redraw (the test pins the dip and the slow climb back); with one user-side
 * sampled negative per event all three targets hold at this size (not at the benchmark size, see the report).
 */
class RecommendationQualityTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldBeatPopularityTwiceAndStayWithinFifteenPercentOfOfflineMf(long seed) {
        QualityReport report = QualityRun.run(SyntheticSettings.small(seed), MfSettings.defaults());

        assertThat(report.events()).isEqualTo(30_000);
        assertThat(report.recall()).isGreaterThanOrEqualTo(2 * report.popularityRecall());
        assertThat(report.onlineRecallOnOfflineEvents()).isGreaterThanOrEqualTo(0.85 * report.offlineRecall());
        // Not a degenerate pass: every model recommends something useful.
        assertThat(report.popularityRecall()).isGreaterThan(0.02);
        assertThat(report.offlineRecall()).isGreaterThan(2 * report.popularityRecall());
        assertThat(report.buckets()).hasSize(50);
        assertThat(report.shift()).isNull();
    }

    @Test
    void shouldShowTheDipAndTheClimbBackAfterAPreferenceShift() {
        SyntheticSettings data = SyntheticSettings.small(1).withShiftAtFraction(0.5);
        QualityReport report = QualityRun.run(data, MfSettings.defaults(), QualityOptions.defaults().withoutOffline());

        QualityReport.ShiftRecovery shift = report.shift();
        assertThat(shift).isNotNull();
        assertThat(shift.shiftAt()).isEqualTo(15_000);
        assertThat(shift.windowEvents()).isEqualTo(300);
        assertThat(shift.windows()).hasSize(50);
        assertThat(shift.lowestRecall()).isLessThan(0.5 * shift.preShiftRecall());
        List<Double> windows = shift.windows();
        double firstTen = windows.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double lastTen = windows.subList(40, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(lastTen).isGreaterThan(1.3 * firstTen);
        assertThat(report.offlineRecall()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldMeetAllThreeTargetsWithUserSideNegativesAtTheSmallSize(long seed) {
        QualityOptions negatives = QualityOptions.defaults().withUserNegatives(1, 0.3);
        QualityReport report = QualityRun.run(SyntheticSettings.small(seed), MfSettings.defaults(), negatives);
        assertThat(report.recall()).isGreaterThanOrEqualTo(2 * report.popularityRecall());
        assertThat(report.onlineRecallOnOfflineEvents()).isGreaterThanOrEqualTo(0.85 * report.offlineRecall());

        SyntheticSettings shifted = SyntheticSettings.small(seed).withShiftAtFraction(0.5);
        QualityReport.ShiftRecovery shift = QualityRun.run(shifted, MfSettings.defaults(), negatives.withoutOffline()).shift();
        assertThat(shift.lowestRecall()).isLessThan(0.5 * shift.preShiftRecall());
        assertThat(shift.recovered()).isTrue();
        assertThat(shift.recoveryFraction()).isLessThanOrEqualTo(0.20);
    }
}
