package io.inferstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.inferstream.drift.KllRandomness;
import io.inferstream.drift.profile.NumericDistribution;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The numeric drift metrics against independent computations on the raw values.
 *
 * <p>Bounds used: while a KLL sketch holds all its values (n <= k = 200) its CDF is exact, so PSI
 * and Jensen-Shannon agree with the raw-data formulas to 1e-9. Beyond that, each sketch's CDF is
 * within its normalized rank error {@code eps} ({@link NumericDistribution#normalizedRankError()},
 * DataSketches' PMF/CDF error at 99% confidence: 0.0165 for k = 200) of the exact CDF, so: KS within
 * {@code eps_ref + eps_cur} of the exact statistic; each bin proportion within {@code 2 eps}; and W1
 * within {@code eps_ref (max_ref - min_ref) + eps_cur (max_cur - min_cur)} (the CDF error integrated
 * over each support).
 */
class NumericDriftStatisticsTest {

    private static double[] normal(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * random.nextGaussian();
        }
        return v;
    }

    /** Fraction of {@code values} {@code <= x}, counted. */
    private static double exactCdf(double[] sorted, double x) {
        int i = 0;
        while (i < sorted.length && sorted[i] <= x) {
            i++;
        }
        return (double) i / sorted.length;
    }

    /** Exact W1 between two samples: integral of |F - G| over the merged sorted values. */
    private static double exactW1(double[] x, double[] y) {
        double[] a = x.clone();
        double[] b = y.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        double w = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k < all.length - 1; k++) {
            while (i < a.length && a[i] <= all[k]) {
                i++;
            }
            while (j < b.length && b[j] <= all[k]) {
                j++;
            }
            w += Math.abs((double) i / a.length - (double) j / b.length) * (all[k + 1] - all[k]);
        }
        return w;
    }

    private static double populationStd(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    }

    @Test
    void shouldMatchRawDataFormulasToOneInABillionWhileSketchesAreExact() {
        double[] ref = normal(1, 190, 0, 1);
        double[] cur = normal(2, 150, 0.4, 1.3);
        NumericDistribution r = NumericDistribution.of(ref);
        NumericDistribution c = NumericDistribution.of(cur);
        assertThat(r.normalizedRankError()).isZero();

        // Independent bins: deciles of the sorted reference, the smallest value with rank >= i/10.
        double[] sortedRef = ref.clone();
        Arrays.sort(sortedRef);
        double[] cuts = new double[9];
        for (int i = 1; i <= 9; i++) {
            cuts[i - 1] = sortedRef[(int) Math.ceil(i / 10.0 * sortedRef.length) - 1];
        }
        assertThat(EqualMassBins.of(r, 10).cutPoints()).containsExactly(cuts);
        double[] p = binShares(ref, cuts);
        double[] q = binShares(cur, cuts);
        double psi = 0;
        double jsd = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = Math.max(p[i], 1e-4);
            double qi = Math.max(q[i], 1e-4);
            psi += (qi - pi) * Math.log(qi / pi);
            double m = (p[i] + q[i]) / 2;
            jsd += (p[i] > 0 ? p[i] * Math.log(p[i] / m) : 0) + (q[i] > 0 ? q[i] * Math.log(q[i] / m) : 0);
        }
        double js = Math.sqrt(jsd / 2 / Math.log(2));

        NumericDrift d = NumericDriftStatistics.DEFAULT.compare(r, c);
        assertThat(d.psi()).isCloseTo(psi, within(1e-9));
        assertThat(d.jensenShannon()).isCloseTo(js, within(1e-9));
        // Exact sketches: KS and W1 are exact too.
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        assertThat(d.ks()).isCloseTo(ks.kolmogorovSmirnovStatistic(ref, cur), within(1e-9));
        assertThat(d.wassersteinNormed()).isCloseTo(exactW1(ref, cur) / populationStd(ref), within(1e-9));
        assertThat(d.referenceCount()).isEqualTo(190);
        assertThat(d.currentCount()).isEqualTo(150);
    }

    /** Share of values in each bin (-inf, c0], (c0, c1], ..., (c_last, +inf), counted one by one. */
    private static double[] binShares(double[] values, double[] cuts) {
        double[] shares = new double[cuts.length + 1];
        for (double v : values) {
            int bin = 0;
            while (bin < cuts.length && v > cuts[bin]) {
                bin++;
            }
            shares[bin] += 1.0 / values.length;
        }
        return shares;
    }

    @Test
    void shouldStayWithinTheSketchErrorBoundOfExactKsAndWassersteinOnLargeSamples() {
        KllRandomness.seed(3);
        KolmogorovSmirnovTest exact = new KolmogorovSmirnovTest();
        for (double shift : new double[] {0, 0.1, 0.5}) {
            double[] ref = normal(11, 100_000, 0, 1);
            double[] cur = normal(12, 20_000, shift, 1.2);
            NumericDistribution r = NumericDistribution.of(ref);
            NumericDistribution c = NumericDistribution.of(cur);
            double epsRef = r.normalizedRankError();
            double epsCur = c.normalizedRankError();
            assertThat(epsRef).isCloseTo(0.0165, within(0.001));

            NumericDrift d = NumericDriftStatistics.DEFAULT.compare(r, c);
            double exactD = exact.kolmogorovSmirnovStatistic(ref, cur);
            assertThat(d.ks()).as("KS, shift %s", shift).isCloseTo(exactD, within(epsRef + epsCur));
            // The p-value is commons-math3's asymptotic one at the sketch's D; bracketed by the D bound.
            assertThat(d.ksPValue()).isCloseTo(exact.approximateP(d.ks(), ref.length, cur.length), within(1e-9));
            assertThat(d.ksPValue()).isBetween(exact.approximateP(exactD + epsRef + epsCur, ref.length, cur.length),
                    exact.approximateP(Math.max(0, exactD - epsRef - epsCur), ref.length, cur.length));

            double std = populationStd(ref);
            double w1Bound = (epsRef * (r.max() - r.min()) + epsCur * (c.max() - c.min())) / std;
            double exactW = exactW1(ref, cur) / std;
            assertThat(d.wassersteinNormed()).as("W1, shift %s", shift).isCloseTo(exactW, within(w1Bound));
            System.out.printf("shift %.1f: KS sketch %.5f exact %.5f (bound %.4f); W1/sd sketch %.5f exact %.5f (bound %.4f)%n",
                    shift, d.ks(), exactD, epsRef + epsCur, d.wassersteinNormed(), exactW, w1Bound);

            // Bin proportions within 2 eps of the exact counts on the same bins.
            EqualMassBins bins = EqualMassBins.of(r, 10);
            double[] sketchShares = bins.proportions(c);
            double[] exactShares = binShares(cur, bins.cutPoints());
            for (int i = 0; i < exactShares.length; i++) {
                assertThat(sketchShares[i]).isCloseTo(exactShares[i], within(2 * epsCur));
            }
            // And PSI / JS are exactly the formulas on those proportions.
            assertThat(d.psi()).isCloseTo(Divergences.psi(bins.proportions(r), sketchShares), within(1e-12));
        }
    }

    @Test
    void shouldAgreeWithCommonsMathOnTheKsPValueFormula() {
        KolmogorovSmirnovTest exact = new KolmogorovSmirnovTest();
        for (double d : new double[] {0.001, 0.01, 0.03, 0.1}) {
            assertThat(NumericDriftStatistics.ksPValue(d, 30_000, 1_000)).isCloseTo(exact.approximateP(d, 30_000, 1_000), within(1e-9));
        }
        assertThat(NumericDriftStatistics.ksPValue(0, 10, 10)).isEqualTo(1);
    }

    @Test
    void shouldReportNoDriftForIdenticalProfiles() {
        NumericDistribution r = NumericDistribution.of(normal(5, 5_000, 3, 2));
        NumericDrift d = NumericDriftStatistics.DEFAULT.compare(r, r);
        assertThat(d.psi()).isZero();
        assertThat(d.ks()).isZero();
        assertThat(d.ksPValue()).isEqualTo(1);
        assertThat(d.jensenShannon()).isZero();
        assertThat(d.wassersteinNormed()).isZero();
    }

    @Test
    void shouldMeasureAMeanShiftInReferenceStandardDeviations() {
        NumericDrift d = NumericDriftStatistics.DEFAULT.compare(NumericDistribution.of(normal(1, 50_000, 10, 4)),
                NumericDistribution.of(normal(2, 50_000, 12, 4)));
        assertThat(d.wassersteinNormed()).isCloseTo(0.5, within(0.05));
        assertThat(d.psi()).isGreaterThan(0.2);
        assertThat(d.ksPValue()).isLessThan(1e-10);
    }

    @Test
    void shouldHandleConstantAndDiscreteReferences() {
        NumericDistribution constant = NumericDistribution.of(5, 5, 5, 5);
        assertThat(EqualMassBins.of(constant, 10).size()).isEqualTo(2);
        assertThat(NumericDriftStatistics.DEFAULT.compare(constant, NumericDistribution.of(5, 5)).wassersteinNormed()).isZero();
        assertThat(NumericDriftStatistics.DEFAULT.compare(constant, NumericDistribution.of(5, 6)).wassersteinNormed()).isInfinite();

        NumericDistribution dice = NumericDistribution.of(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
        EqualMassBins bins = EqualMassBins.of(dice, 10);
        assertThat(bins.cutPoints()).isSorted().doesNotHaveDuplicates();
        double[] shares = bins.proportions(dice);
        assertThat(Arrays.stream(shares).sum()).isCloseTo(1, within(1e-12));
    }

    @Test
    void shouldRefuseEmptyProfiles() {
        assertThatThrownBy(() -> NumericDriftStatistics.DEFAULT.compare(NumericDistribution.create(), NumericDistribution.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference");
    }
}
