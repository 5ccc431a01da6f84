package io.inferstream.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.config.DriftThresholds.Levels;
import io.inferstream.config.PerformanceThresholds;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceRuleTest {

    @Test
    void shouldGiveExactlyTheFormerBuiltInRulesWithTheDefaultLevels() {
        // the levels PerformanceScenariosTest measured, hard-coded before they were configurable
        assertThat(PerformanceRule.forMetric("recall_at_10")).contains(new PerformanceRule(true, true, 0.2, 0.4));
        assertThat(PerformanceRule.forMetric("recall_at_50")).contains(new PerformanceRule(true, true, 0.2, 0.4));
        assertThat(PerformanceRule.forMetric("auc")).contains(new PerformanceRule(true, false, 0.05, 0.10));
        assertThat(PerformanceRule.forMetric("accuracy")).contains(new PerformanceRule(true, false, 0.05, 0.10));
        assertThat(PerformanceRule.forMetric("log_loss")).contains(new PerformanceRule(false, true, 0.15, 0.30));
        assertThat(PerformanceRule.forMetric("expected_calibration_error")).contains(new PerformanceRule(false, false, 0.05, 0.10));
        for (String metric : List.of("recall_at_10", "auc", "accuracy", "log_loss", "expected_calibration_error")) {
            assertThat(PerformanceRule.forMetric(metric, PerformanceThresholds.defaults())).isEqualTo(PerformanceRule.forMetric(metric));
        }
    }

    @Test
    void shouldHaveNoRuleForMetricsThatDoNotAlertWhateverTheLevels() {
        for (String metric : List.of("mean_predicted", "observed_rate", "adwin", "page_hinkley", "psi", "")) {
            assertThat(PerformanceRule.forMetric(metric)).as(metric).isEmpty();
            assertThat(PerformanceRule.forMetric(metric, levels())).as(metric).isEmpty();
        }
    }

    @Test
    void shouldTakeEachMetricsLevelsFromTheThresholdsAndKeepItsDirectionAndKind() {
        PerformanceThresholds t = levels();
        assertThat(PerformanceRule.forMetric("recall_at_10", t)).contains(new PerformanceRule(true, true, 0.3, 0.5));
        assertThat(PerformanceRule.forMetric("auc", t)).contains(new PerformanceRule(true, false, 0.02, 0.04));
        assertThat(PerformanceRule.forMetric("accuracy", t)).contains(new PerformanceRule(true, false, 0.07, 0.15));
        assertThat(PerformanceRule.forMetric("log_loss", t)).contains(new PerformanceRule(false, true, 0.5, 1.5));
        assertThat(PerformanceRule.forMetric("expected_calibration_error", t)).contains(new PerformanceRule(false, false, 0.2, 0.3));
    }

    @Test
    void shouldJudgeAWindowAgainstTheConfiguredLevels() {
        double[] warm = {0.30, 2}; // two windows seen; the third completes the warm-up
        PerformanceRule defaults = PerformanceRule.forMetric("recall_at_10").orElseThrow();
        PerformanceRule raised = PerformanceRule.forMetric("recall_at_10", levels()).orElseThrow();
        double[] state = defaults.judge(warm, 0.30).next();

        // baseline 0.30: a drop to 0.22 (27%) is a WARNING at the default 20% and nothing at a configured 30%
        assertThat(defaults.judge(state, 0.22).severity()).isEqualTo(Severity.WARNING);
        assertThat(raised.judge(state, 0.22).severity()).isEqualTo(Severity.NONE);
        assertThat(raised.judge(state, 0.20).severity()).isEqualTo(Severity.WARNING);
        assertThat(raised.threshold(0.30, Severity.WARNING)).isCloseTo(0.21, within(1e-12));
        assertThat(raised.threshold(0.30, Severity.CRITICAL)).isCloseTo(0.15, within(1e-12));
    }

    private static PerformanceThresholds levels() {
        return new PerformanceThresholds(new Levels(0.3, 0.5), new Levels(0.02, 0.04), new Levels(0.07, 0.15), new Levels(0.5, 1.5),
            new Levels(0.2, 0.3));
    }
}
