package io.inferstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.drift.profile.CategoricalDistribution;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** Chi-square against commons-math3's ChiSquareTest and Jensen-Shannon against its formula, to 1e-9. */
class CategoricalDriftStatisticsTest {

    private static CategoricalDistribution counts(Map<String, Long> counts) {
        CategoricalDistribution d = CategoricalDistribution.create();
        counts.forEach(d::update);
        return d;
    }

    @Test
    void shouldMatchCommonsMathChiSquareAndJensenShannonFormula() {
        CategoricalDistribution ref = counts(Map.of("a", 3000L, "b", 2000L, "c", 1000L));
        CategoricalDistribution cur = counts(Map.of("a", 420L, "b", 380L, "c", 200L));
        // Expected counts computed here: reference count + 0.5 per category, as proportions of 6001.5, times 1000.
        double[] expected = {1000 * 3000.5 / 6001.5, 1000 * 2000.5 / 6001.5, 1000 * 1000.5 / 6001.5};
        long[] observed = {420, 380, 200};
        ChiSquareTest commons = new ChiSquareTest();

        CategoricalDrift d = CategoricalDriftStatistics.compare(ref, cur);
        assertThat(d.chiSquare()).isCloseTo(commons.chiSquare(expected, observed), within(1e-9));
        assertThat(d.chiSquarePValue()).isCloseTo(commons.chiSquareTest(expected, observed), within(1e-9));
        assertThat(d.degreesOfFreedom()).isEqualTo(2);

        double[] p = {0.5, 2000 / 6000.0, 1000 / 6000.0};
        double[] q = {0.42, 0.38, 0.2};
        double jsd = 0;
        for (int i = 0; i < 3; i++) {
            double m = (p[i] + q[i]) / 2;
            jsd += 0.5 * p[i] * Math.log(p[i] / m) / Math.log(2) + 0.5 * q[i] * Math.log(q[i] / m) / Math.log(2);
        }
        assertThat(d.jensenShannon()).isCloseTo(Math.sqrt(jsd), within(1e-9));
    }

    @Test
    void shouldGiveACategoryTheReferenceNeverSawASmallExpectation() {
        CategoricalDistribution ref = counts(Map.of("a", 500L, "b", 500L));
        CategoricalDistribution cur = counts(Map.of("a", 40L, "b", 40L, "new", 20L));
        CategoricalDriftStatistics.Aligned a = CategoricalDriftStatistics.align(ref, cur);
        assertThat(a.categories()).containsExactly("a", "b", "new");
        assertThat(a.reference()).containsExactly(500, 500, 0);

        CategoricalDrift d = CategoricalDriftStatistics.compare(ref, cur);
        double[] expected = {100 * 500.5 / 1001.5, 100 * 500.5 / 1001.5, 100 * 0.5 / 1001.5};
        assertThat(d.chiSquare()).isCloseTo(new ChiSquareTest().chiSquare(expected, new long[] {40, 40, 20}), within(1e-9));
        assertThat(d.chiSquare()).isFinite().isGreaterThan(1000);
        assertThat(d.chiSquarePValue()).isLessThan(1e-10);
    }

    @Test
    void shouldCountUnnamedValuesInOtherWhenTheReferenceHasAnOtherBucket() {
        CategoricalDistribution ref = CategoricalDistribution.create(2);
        ref.update("a", 50);
        ref.update("b", 30);
        ref.update("c", 15);
        ref.update("d", 5);
        CategoricalDistribution cur = counts(Map.of("a", 50L, "b", 30L, "c", 14L, "d", 6L));
        CategoricalDriftStatistics.Aligned a = CategoricalDriftStatistics.align(ref, cur);
        assertThat(a.categories()).containsExactly("a", "b", CategoricalDriftStatistics.OTHER);
        assertThat(a.reference()).containsExactly(50, 30, 20);
        assertThat(a.current()).containsExactly(50, 30, 20);
        assertThat(CategoricalDriftStatistics.compare(ref, cur).jensenShannon()).isZero();
    }

    @Test
    void shouldReportNoDriftForASingleCategory() {
        CategoricalDrift d = CategoricalDriftStatistics.compare(CategoricalDistribution.of("x", "x"), CategoricalDistribution.of("x"));
        assertThat(d.chiSquare()).isZero();
        assertThat(d.chiSquarePValue()).isEqualTo(1);
        assertThat(d.degreesOfFreedom()).isZero();
        assertThat(d.jensenShannon()).isZero();
    }
}
