package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void shouldSolveASymmetricPositiveDefiniteSystem() {
        double[][] a = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};
        double[] expected = {1, -2, 0.5};
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                b[i] += a[i][j] * expected[j];
            }
        }
        double[] x = new double[3];

        Cholesky.solve(a, b, x);

        for (int i = 0; i < 3; i++) {
            assertThat(x[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void shouldStayFiniteForASingularMatrix() {
        double[][] a = {{1, 1}, {1, 1}};
        double[] x = new double[2];

        Cholesky.solve(a, new double[] {1, 1}, x);

        assertThat(Double.isFinite(x[0]) && Double.isFinite(x[1])).isTrue();
    }
}
