package io.inferstream.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DivergencesTest {

    @Test
    void shouldComputePsiAsTheSumOfItsTerms() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        double[] q = {0.25, 0.25, 0.25, 0.25};
        double expected = (0.25 - 0.1) * Math.log(0.25 / 0.1) + (0.25 - 0.2) * Math.log(0.25 / 0.2)
                + (0.25 - 0.3) * Math.log(0.25 / 0.3) + (0.25 - 0.4) * Math.log(0.25 / 0.4);
        assertThat(Divergences.psi(p, q)).isCloseTo(expected, within(1e-15));
        assertThat(Divergences.psi(p, p)).isZero();
    }

    @Test
    void shouldReplaceEmptyBinsByEpsilonInPsi() {
        double psi = Divergences.psi(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.4, 0.1});
        double expected = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
        assertThat(psi).isCloseTo(expected, within(1e-15));
    }

    @Test
    void shouldComputeJensenShannonDistanceInBaseTwo() {
        assertThat(Divergences.jensenShannonDistance(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1, within(1e-15));
        assertThat(Divergences.jensenShannonDistance(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isZero();
        double[] p = {0.5, 0.5};
        double[] q = {0.9, 0.1};
        double m0 = 0.7;
        double m1 = 0.3;
        double jsd = 0.5 * (0.5 * log2(0.5 / m0) + 0.5 * log2(0.5 / m1)) + 0.5 * (0.9 * log2(0.9 / m0) + 0.1 * log2(0.1 / m1));
        assertThat(Divergences.jensenShannonDistance(p, q)).isCloseTo(Math.sqrt(jsd), within(1e-15));
        assertThat(Divergences.jensenShannonDistance(q, p)).isEqualTo(Divergences.jensenShannonDistance(p, q));
    }

    @Test
    void shouldRejectBinsOfDifferentLengths() {
        assertThatThrownBy(() -> Divergences.psi(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
