package io.inferstream.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.drift.stats.CategoricalDrift;
import io.inferstream.drift.stats.MetricNames;
import io.inferstream.drift.stats.NumericDrift;
import org.junit.jupiter.api.Test;

class DriftRuleTest {

    private final DriftRule rule = DriftRule.defaults();

    @Test
    void shouldGradeDistancesAtOrAboveAndPValuesStrictlyBelow() {
        Threshold psi = Threshold.above(0.1, 0.2);
        assertThat(psi.severity(0.0999)).isEqualTo(Severity.NONE);
        assertThat(psi.severity(0.1)).isEqualTo(Severity.WARNING);
        assertThat(psi.severity(0.2)).isEqualTo(Severity.CRITICAL);
        assertThat(psi.severity(Double.POSITIVE_INFINITY)).isEqualTo(Severity.CRITICAL);
        assertThat(psi.severity(Double.NaN)).isEqualTo(Severity.NONE);
        Threshold p = Threshold.below(0.05, 0.01);
        assertThat(p.severity(0.05)).isEqualTo(Severity.NONE);
        assertThat(p.severity(0.049)).isEqualTo(Severity.WARNING);
        assertThat(p.severity(0.0099)).isEqualTo(Severity.CRITICAL);
        assertThatThrownBy(() -> Threshold.above(0.2, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeedBothALargeDistanceAndASignificantTest() {
        // Large distance, not significant: noise on a small window.
        assertThat(rule.evaluate(new NumericDrift(10_000, 150, 0.25, 0.1, 0.2, 0.05, 0.12)).severity()).isEqualTo(Severity.NONE);
        // Significant, tiny distance: a large window noticing an irrelevant difference.
        assertThat(rule.evaluate(new NumericDrift(1_000_000, 1_000_000, 0.001, 0.004, 1e-9, 0.01, 0.01)).severity())
                .isEqualTo(Severity.NONE);
        // Both: the distance's severity, capped by the p-value's.
        assertThat(rule.evaluate(new NumericDrift(10_000, 1_000, 0.25, 0.2, 1e-12, 0.2, 0.5)).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.evaluate(new NumericDrift(10_000, 1_000, 0.25, 0.2, 0.03, 0.2, 0.5)).severity()).isEqualTo(Severity.WARNING);
        assertThat(rule.evaluate(new NumericDrift(10_000, 1_000, 0.12, 0.2, 1e-12, 0.05, 0.05)).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void shouldJudgeCategoricalDriftByJensenShannonAndChiSquare() {
        Verdict v = rule.evaluate(new CategoricalDrift(10_000, 1_000, 300, 1e-30, 7, 0.15));
        assertThat(v.severity()).isEqualTo(Severity.WARNING);
        assertThat(v.metricSeverities()).containsEntry(MetricNames.JENSEN_SHANNON, Severity.WARNING)
                .containsEntry(MetricNames.CHI_SQUARE_P_VALUE, Severity.CRITICAL).doesNotContainKey(MetricNames.CHI_SQUARE);
        assertThat(rule.evaluate(new CategoricalDrift(10_000, 1_000, 3, 0.9, 7, 0.02)).severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void shouldApplyCategoricalLevelsOnlyToCategoricalFeatures() {
        DriftRule proposed = rule.withCategoricalJensenShannon(0.07, 0.14);
        assertThat(proposed.evaluate(new CategoricalDrift(10_000, 1_000, 50, 1e-6, 7, 0.08)).severity()).isEqualTo(Severity.WARNING);
        assertThat(rule.evaluate(new CategoricalDrift(10_000, 1_000, 50, 1e-6, 7, 0.08)).severity()).isEqualTo(Severity.NONE);
        assertThat(proposed.evaluate(new NumericDrift(10_000, 1_000, 0.01, 0.1, 1e-6, 0.08, 0.05)).severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void shouldGiveNoVerdictBelowMinimumSampleSize() {
        Verdict v = rule.evaluate(new NumericDrift(10_000, 99, 1, 1, 0, 1, 1));
        assertThat(v.sufficientData()).isFalse();
        assertThat(v.severity()).isEqualTo(Severity.NONE);
        assertThat(v.label()).contains("n/a");
        assertThat(rule.withMinSamples(50).evaluate(new NumericDrift(10_000, 99, 1, 1, 0, 1, 1)).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.evaluate(new NumericDrift(99, 10_000, 1, 1, 0, 1, 1)).sufficientData()).isFalse();
    }
}
