package io.inferstream.recommend.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality numbers at the benchmark size (5k users, 2k items, 300k events; a few minutes per seed), run by
 * hand: {@code ./mvnw -B -o test -Dtest=BenchmarkQualityManualTest -Dquality.benchmark=true}. Logs the three targets'
 * numbers and asserts them: lift at least 2x popularity, at least 0.85x the offline model, and recall back within 10% of
 * its pre-shift level within the first 20% of the post-shift events.
 */
@EnabledIfSystemProperty(named = "quality.benchmark", matches = "true")
class BenchmarkQualityManualTest {

    private static final Logger log = LoggerFactory.getLogger(BenchmarkQualityManualTest.class);

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldReportTheTargetsAtTheBenchmarkSize(long seed) {
        SyntheticSettings data = SyntheticSettings.benchmark(seed);
        QualityReport report = QualityRun.run(data, MfSettings.defaults());
        QualityReport.ShiftRecovery shift = QualityRun.run(data.withShiftAtFraction(0.5), MfSettings.defaults(),
            QualityOptions.defaults().withoutOffline()).shift();
        log.warn("seed {}: recall@10 {} popularity {} (lift {}), offline {} online on its events {} (ratio {}); shift: "
                + "pre {} lowest {} recovered after {} of the post-shift events, windows {}", seed, report.recall(),
            report.popularityRecall(), report.liftOverPopularity(), report.offlineRecall(),
            report.onlineRecallOnOfflineEvents(), report.onlineToOffline(), shift.preShiftRecall(), shift.lowestRecall(),
            shift.recoveryFraction(), shift.windows());
        assertThat(report.liftOverPopularity()).isGreaterThanOrEqualTo(2);
        assertThat(report.onlineToOffline()).isGreaterThanOrEqualTo(0.85);
        assertThat(shift.recovered()).isTrue();
        assertThat(shift.recoveryFraction()).isLessThanOrEqualTo(0.20);
    }
}
