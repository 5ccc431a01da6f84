package io.inferstream.recommend;

/**
 * Solves small symmetric positive definite systems {@code A x = b} by Cholesky decomposition, in place on plain
 * arrays. Hand-written rather than commons-math3's {@code CholeskyDecomposition}: the systems here are tiny (one row
 * per latent factor, 16 by default) and solved once per event by the user-side refit ({@link UserRefit}) and once per
 * row and sweep by the offline ALS reference, where building a {@code RealMatrix} and a decomposition object per
 * solve would allocate more than the arithmetic costs. A pivot that is not positive (a numerically singular
 * matrix) is clamped to a tiny positive value, so the result stays finite for finite input.
 */
public final class Cholesky {

    private Cholesky() {
    }

    /** Solves {@code a x = b} for symmetric positive definite {@code a} (overwritten by its factor) into {@code x}. */
    public static void solve(double[][] a, double[] b, double[] x) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            d = Math.sqrt(Math.max(d, 1e-12));
            a[j][j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / d;
            }
        }
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * x[k];
            }
            x[i] = s / a[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k][i] * x[k];
            }
            x[i] = s / a[i][i];
        }
    }
}
